package vn.ioc.alerting.weekly;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import vn.ioc.alerting.AlertMessages;
import vn.ioc.dispatch.NoticeReason;
import vn.ioc.dispatch.Notification;
import vn.ioc.reference.Directory;
import vn.ioc.reference.Names;

/**
 * The weekly report as the recipient reads it, in Vietnamese: a subject with the programme's
 * counts, and one section per notice (the programme's status, what became late, at risk or
 * completed, the online rates by unit). Units and people by name, numbers and dates the Vietnamese
 * way, and each list cut at {@value #LIST_LINES} lines ("và N mục khác"), so it reads on a phone.
 */
public final class WeeklyReportText implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** The most lines a list shows. */
  static final int LIST_LINES = 8;

  public static final String RULE = "weekly-report";
  public static final String STATE = "REPORT";
  public static final String LEVEL = "info";

  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
  private static final List<String> KINDS = List.of("MODEL", "TASK");

  private final String sender;
  private final String province;
  private final ZoneId zone;
  private final Names names;
  private final Directory directory;

  /**
   * @param sender who the report is from, for its subject ("IOC Nghệ An")
   * @param province the province code, the notices' unit
   */
  public WeeklyReportText(
      String sender, String province, ZoneId zone, Names names, Directory directory) {
    this.sender = sender;
    this.province = province;
    this.zone = zone;
    this.names = names;
    this.directory = directory;
  }

  /** The report of {@code f} for {@code recipient}. */
  public Notification render(String recipient, WeekFigures f) {
    long at = f.week().at(zone);
    Notification n = new Notification();
    n.recipient = recipient;
    Directory.Person p = directory.people().get(recipient);
    n.recipientName = p == null ? null : p.name();
    n.at = at;
    n.notificationId =
        UUID.nameUUIDFromBytes(
                (RULE + "\n" + recipient + "\n" + f.week().label())
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    n.subject = "[" + sender + "] Báo cáo tuần " + f.week().label() + ": " + headline(f.counts());
    long since = f.week().previous().at(zone);
    n.alerts.add(notice(n, f, "programme", since, programme(f)));
    LocalDate day = f.week().monday();
    n.alerts.add(
        notice(n, f, "late", since, items("Chuyển sang quá hạn trong tuần", f.becameLate(), day)));
    n.alerts.add(
        notice(
            n,
            f,
            "at-risk",
            since,
            items("Mới có nguy cơ chậm trong tuần", f.becameAtRisk(), day)));
    n.alerts.add(
        notice(n, f, "completed", since, items("Hoàn thành trong tuần", f.completed(), day)));
    n.alerts.add(notice(n, f, "online-rates", since, onlineRates(f.units(), day)));
    return n;
  }

  private Notification.Notice notice(
      Notification n, WeekFigures f, String section, long since, String message) {
    Notification.Notice a = new Notification.Notice();
    a.alertId = RULE + "|week=" + f.week().label() + "|" + section;
    a.rule = RULE;
    a.unit = province;
    a.unitName = names.unit(province, f.week().monday());
    a.state = STATE;
    a.reason = NoticeReason.REPORT;
    a.level = LEVEL;
    a.since = since;
    a.ackable = false;
    a.message = message;
    a.recipient = n.recipient;
    a.recipientName = n.recipientName;
    a.at = n.at;
    return a;
  }

  /** "6 hoàn thành, 20 đang thực hiện, 12 chưa bắt đầu": every kind together. */
  private static String headline(Map<String, ProgrammeCounts> counts) {
    if (counts.isEmpty()) return "chưa có số liệu tiến độ";
    long completed = 0;
    long inProgress = 0;
    long notStarted = 0;
    for (ProgrammeCounts c : counts.values()) {
      completed += c.completed;
      inProgress += c.inProgress;
      notStarted += c.notStarted;
    }
    return statuses(completed, inProgress, notStarted);
  }

  private static String statuses(long completed, long inProgress, long notStarted) {
    return n(completed)
        + " hoàn thành, "
        + n(inProgress)
        + " đang thực hiện, "
        + n(notStarted)
        + " chưa bắt đầu";
  }

  private String programme(WeekFigures f) {
    StringBuilder b =
        new StringBuilder("Tuần ")
            .append(f.week().firstDay().format(DATE))
            .append(" – ")
            .append(f.week().lastDay().format(DATE))
            .append(". Tiến độ chương trình lúc ")
            .append(AlertMessages.localTime(f.week().at(zone), zone))
            .append(':');
    if (f.counts().isEmpty()) return b.append(" chưa có số liệu.").toString();
    List<String> kinds = new ArrayList<>(f.counts().keySet());
    kinds.sort(Comparator.comparingInt(WeeklyReportText::kindOrder).thenComparing(k -> k));
    for (String kind : kinds) {
      ProgrammeCounts c = f.counts().get(kind);
      String name = kindName(kind);
      b.append("\n- ")
          .append(Character.toUpperCase(name.charAt(0)))
          .append(name.substring(1))
          .append(": ")
          .append(n(c.total))
          .append(" (")
          .append(statuses(c.completed, c.inProgress, c.notStarted))
          .append("), ")
          .append(n(c.overdue))
          .append(" quá hạn, ")
          .append(n(c.atRisk))
          .append(" có nguy cơ chậm");
    }
    return b.toString();
  }

  private String items(String heading, List<ItemView> items, LocalDate day) {
    if (items.isEmpty()) return heading + ": không có.";
    List<ItemView> sorted = new ArrayList<>(items);
    sorted.sort(
        Comparator.comparing((ItemView v) -> unitName(v.ownerUnit, day))
            .thenComparingInt(v -> kindOrder(v.kind))
            .thenComparing(v -> v.item));
    StringBuilder b = new StringBuilder(heading).append(": ").append(n(items.size()));
    for (ItemView v : sorted.subList(0, Math.min(LIST_LINES, sorted.size()))) {
      b.append("\n- ").append(unitName(v.ownerUnit, day));
      if (v.responsible != null) b.append(", ").append(personName(v.responsible));
      b.append(": ").append(kindName(v.kind)).append(' ').append(v.item);
      if (v.title != null) b.append(" “").append(v.title).append('”');
      if (!v.completed() && v.deadline != null) b.append(", hạn ").append(date(v.deadline));
      if (v.late && v.overdueWorkingDays > 0)
        b.append(", quá hạn ").append(n(v.overdueWorkingDays)).append(" ngày làm việc");
    }
    more(b, sorted.size(), "mục");
    return b.toString();
  }

  private String onlineRates(List<WeekFigures.UnitWeeks> units, LocalDate day) {
    String heading = "Tỷ lệ hồ sơ trực tuyến tuần này (tuần trước)";
    if (units.isEmpty()) return heading + ": chưa có số liệu hồ sơ của các đơn vị.";
    long received = 0;
    long online = 0;
    long receivedBefore = 0;
    long onlineBefore = 0;
    for (WeekFigures.UnitWeeks u : units) {
      received += u.received();
      online += u.online();
      receivedBefore += u.receivedBefore();
      onlineBefore += u.onlineBefore();
    }
    StringBuilder b =
        new StringBuilder(heading)
            .append(":\n- Toàn tỉnh: ")
            .append(
                rates(
                    new WeekFigures.UnitWeeks("", received, online, receivedBefore, onlineBefore)))
            .append("\nTheo đơn vị, thấp nhất trước:");
    List<WeekFigures.UnitWeeks> sorted = new ArrayList<>(units);
    // the lowest rates first: those are what the chair asks about; units without applications last
    sorted.sort(
        Comparator.comparingDouble(
                (WeekFigures.UnitWeeks u) ->
                    Double.isNaN(u.rate()) ? Double.POSITIVE_INFINITY : u.rate())
            .thenComparing(u -> unitName(u.unit(), day)));
    for (WeekFigures.UnitWeeks u : sorted.subList(0, Math.min(LIST_LINES, sorted.size())))
      b.append("\n- ").append(unitName(u.unit(), day)).append(": ").append(rates(u));
    more(b, sorted.size(), "đơn vị");
    return b.toString();
  }

  /** "75 % của 40 hồ sơ (70,5 % của 30 hồ sơ)". */
  private static String rates(WeekFigures.UnitWeeks u) {
    return rate(u.received(), u.online()) + " (" + rate(u.receivedBefore(), u.onlineBefore()) + ")";
  }

  private static String rate(long received, long online) {
    if (received == 0) return "không có hồ sơ";
    return AlertMessages.number(100.0 * online / received) + " % của " + n(received) + " hồ sơ";
  }

  private static void more(StringBuilder b, int size, String what) {
    if (size > LIST_LINES)
      b.append("\n- và ").append(n(size - LIST_LINES)).append(' ').append(what).append(" khác");
  }

  private String unitName(String code, LocalDate day) {
    if (code == null) return "(chưa rõ đơn vị)";
    return names.unitOrCode(code, day);
  }

  /** A person id of the reference data by name; any other text (a name, a title) as it is. */
  private String personName(String responsible) {
    Directory.Person p = directory.people().get(responsible);
    return p == null ? responsible : p.name();
  }

  private static int kindOrder(String kind) {
    int i = KINDS.indexOf(kind);
    return i < 0 ? KINDS.size() : i;
  }

  private static String kindName(String kind) {
    return switch (kind) {
      case "MODEL" -> "mô hình";
      case "TASK" -> "nhiệm vụ";
      default -> kind.toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String date(String iso) {
    try {
      return LocalDate.parse(iso).format(DATE);
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  private static String n(long v) {
    return AlertMessages.number((double) v);
  }
}
