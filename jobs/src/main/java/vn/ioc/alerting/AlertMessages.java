package vn.ioc.alerting;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import vn.ioc.reference.Names;

/**
 * What an alert says and whom it concerns: the unit it is routed by, the unit's name, the item's
 * responsible, and the rule's messages rendered in Vietnamese: the full one (e-mail, webhook) and a
 * short one that fits one SMS ({@value #SMS_LENGTH} characters). Placeholders: {@code {unit}}
 * (name, else code), {@code {unit_code}}, {@code {value}}, {@code {threshold}}, {@code {vs}} ("<"
 * or ">": the rule's direction), {@code {since}} (local time; for no data, the last update's),
 * {@code {duration}} (how long it fired, for a resolution), {@code {unit_of_value}} ({@code " %"}
 * for a rate, else empty), {@code {level}}, {@code {rule}}, {@code {description}}; for an item
 * ({@code item_status}): {@code {item}}, {@code {title}}, {@code {owner}} (the owner unit's name),
 * {@code {responsible}}, {@code {deadline}} (dd/MM/yyyy), {@code {overdue_working_days}}, {@code
 * {overdue}} (", quá hạn N ngày làm việc" when overdue, else empty); {@code {link}} is left for the
 * notifier, which alone can sign the acknowledgement link (an SMS carries none). Numbers are
 * written the Vietnamese way: a decimal comma, a dot between thousands ({@code 1.234,5}).
 *
 * @param names the reference data's names, as valid on the alert's day
 * @param province the province code: the unit of province-wide series
 */
public record AlertMessages(Names names, String province, ZoneId zone) implements Serializable {
  /** Units' names valid on every day (tests). */
  public AlertMessages(Map<String, String> unitNames, String province, ZoneId zone) {
    this(Names.ofUnits(unitNames), province, zone);
  }

  static final String DEFAULT_FIRING =
      "{unit}: {description}: {value}{unit_of_value} (ngưỡng {threshold}{unit_of_value}), từ"
          + " {since}.";
  static final String DEFAULT_NODATA = "{unit}: {description}: không có số liệu từ {since}.";
  static final String DEFAULT_RESOLVED =
      "{unit}: hết cảnh báo «{description}»: nay {value}{unit_of_value} (ngưỡng"
          + " {threshold}{unit_of_value}), sau {duration}.";
  static final String DEFAULT_ITEM_FIRING =
      "{description}: «{title}» ({owner}; phụ trách: {responsible}; hạn {deadline}{overdue}), từ"
          + " {since}.";
  static final String DEFAULT_ITEM_RESOLVED =
      "Hết cảnh báo «{description}»: «{title}» ({owner}), sau {duration}.";

  static final String SMS_FIRING =
      "{unit}: {value}{unit_of_value} {vs} {threshold}{unit_of_value}, {description}";
  static final String SMS_NODATA = "{unit}: mất số liệu từ {since}";
  static final String SMS_RESOLVED = "Hết: {unit}: {value}{unit_of_value}, {description}";
  static final String SMS_ITEM_FIRING = "Hạn {deadline}{overdue}: {title} ({owner})";
  static final String SMS_ITEM_RESOLVED = "Hết: {title} ({owner})";

  /** The most characters (Unicode code points) of one SMS in UCS-2. */
  public static final int SMS_LENGTH = 70;

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("HH:mm dd/MM/yyyy");

  /**
   * The unit a series is routed by: its {@code unit} tag (receiving unit), its {@code owner_unit}
   * tag (a summary), an item's {@code owner_unit} field, else the province.
   */
  public String unitOf(Map<String, String> tags, Map<String, String> texts) {
    String u = tags.get("unit");
    if (u == null) u = tags.get("owner_unit");
    if (u == null && texts != null) u = texts.get("owner_unit");
    return u == null ? province : u;
  }

  /** Fills in what the event says and whom it concerns (an update without numeric fields). */
  public void complete(
      AlertEvent e, AlertRule rule, Map<String, String> tags, Map<String, String> texts) {
    complete(e, rule, tags, texts, Map.of());
  }

  /**
   * Fills in what the event says and whom it concerns, and what delivery needs of the rule.
   *
   * @param fields the update's numeric fields (an item's working days overdue)
   */
  public void complete(
      AlertEvent e,
      AlertRule rule,
      Map<String, String> tags,
      Map<String, String> texts,
      Map<String, Double> fields) {
    e.tags = new java.util.HashMap<>(tags);
    e.labels = new java.util.HashMap<>(rule.labels());
    e.unit = unitOf(tags, texts);
    e.unitName = names.unit(e.unit, day(e.at));
    e.responsible = texts == null ? null : texts.get("responsible");
    boolean item = tags.containsKey("item");
    boolean resolved = e.state == AlertChange.RESOLVED;
    boolean nodata = !resolved && e.level == AlertLevel.NODATA;
    AlertRule.Messages own = rule.messages();
    String template =
        resolved
            ? own.resolvedOr(item ? DEFAULT_ITEM_RESOLVED : DEFAULT_RESOLVED)
            : nodata ? DEFAULT_NODATA : own.firingOr(item ? DEFAULT_ITEM_FIRING : DEFAULT_FIRING);
    String sms =
        resolved
            ? own.smsResolvedOr(item ? SMS_ITEM_RESOLVED : SMS_RESOLVED)
            : nodata ? SMS_NODATA : own.smsFiringOr(item ? SMS_ITEM_FIRING : SMS_FIRING);
    e.message = render(template, e, rule, texts, fields);
    e.sms = sms(render(sms, e, rule, texts, fields));
    e.description = rule.description();
    e.renotifyMs = rule.renotify() == null ? 0 : rule.renotify().toMillis();
    e.mutes = new java.util.ArrayList<>(rule.mutes().stream().map(AlertRule.Mute::text).toList());
    e.inhibits = new java.util.ArrayList<>(rule.inhibits());
    e.recipients = new java.util.ArrayList<>(rule.recipients());
  }

  String render(
      String template,
      AlertEvent e,
      AlertRule rule,
      Map<String, String> texts,
      Map<String, Double> fields) {
    String item = e.tags.get("item");
    // no data fires when the silence reaches its limit, at its time; people want to know since when
    // it is silent (a series that was firing before keeps its episode's start as its since)
    long since =
        e.level == AlertLevel.NODATA && rule.noData() != null
            ? (e.state == AlertChange.FIRING ? e.at : e.since) - rule.noData().after().toMillis()
            : e.since;
    String owner = texts == null ? null : texts.get("owner_unit");
    String deadline = texts == null ? null : texts.get("deadline");
    Double overdue = fields == null ? null : fields.get("overdue_working_days");
    return template
        .replace("{unit}", e.unitName != null ? e.unitName : e.unit)
        .replace("{unit_code}", e.unit)
        .replace("{value}", number(e.value))
        .replace("{threshold}", number(e.threshold))
        .replace("{vs}", rule.direction() == AlertRule.Direction.BELOW ? "<" : ">")
        .replace("{unit_of_value}", rule.field().endsWith("_pct") ? " %" : "")
        .replace("{duration}", duration(e.at - e.since))
        .replace("{since}", localTime(since, zone))
        .replace("{level}", levelName(e.level))
        .replace("{rule}", rule.id())
        .replace("{description}", rule.description() != null ? rule.description() : rule.id())
        .replace("{item}", item != null ? item : "")
        .replace("{title}", texts != null && texts.get("title") != null ? texts.get("title") : "")
        .replace("{owner}", owner == null ? "" : names.unitOrCode(owner, day(e.at)))
        .replace("{responsible}", e.responsible != null ? e.responsible : "")
        .replace("{deadline}", deadline == null ? "—" : day(deadline))
        .replace("{overdue_working_days}", overdue == null ? "0" : number(overdue))
        .replace(
            "{overdue}",
            overdue == null || overdue <= 0
                ? ""
                : ", quá hạn " + number(overdue) + " ngày làm việc");
  }

  /** A date of the feed ({@code YYYY-MM-DD}) as people read it: dd/MM/yyyy. */
  private static String day(String iso) {
    try {
      return DAY.format(java.time.LocalDate.parse(iso));
    } catch (java.time.format.DateTimeParseException e) {
      return iso;
    }
  }

  /**
   * A short message that fits one SMS: without a link, on one line, cut to {@value #SMS_LENGTH}
   * characters with "…".
   */
  public static String sms(String text) {
    String s = withoutLink(text).replaceAll("\\s+", " ").strip();
    if (s.codePointCount(0, s.length()) <= SMS_LENGTH) return s;
    return s.substring(0, s.offsetByCodePoints(0, SMS_LENGTH - 1)).stripTrailing() + "…";
  }

  /** A line that is only a short label and the link ("Xác nhận: {link}"): it goes whole. */
  private static final java.util.regex.Pattern LINK_LINE =
      java.util.regex.Pattern.compile(
          "(?m)^[ \\t]*[^.:!?\\n{]{1,30}:[ \\t]*\\{link}[ \\t]*(\\n|$)");

  /** A sentence that is only a short label and the link: it goes with the link. */
  private static final java.util.regex.Pattern LINK_SENTENCE =
      java.util.regex.Pattern.compile("([.!?])[ \\t]+[^.:!?\\n{]{1,30}:[ \\t]*\\{link}");

  /**
   * {@code text} without its {@code {link}}, and without the label that introduced it ("…41,5 %.
   * Xác nhận: {link}" becomes "…41,5 %."): for a notice that cannot be acknowledged, an SMS, and
   * the page the link opens.
   */
  public static String withoutLink(String text) {
    String s = LINK_LINE.matcher(text).replaceAll("");
    return LINK_SENTENCE.matcher(s).replaceAll("$1").replace("{link}", "");
  }

  /** The local day of engine time {@code t}: the day whose names an alert of then uses. */
  private java.time.LocalDate day(long t) {
    return Instant.ofEpochMilli(t).atZone(zone).toLocalDate();
  }

  /** A time as people read it: "09:30 02/05/2024", local time. */
  public static String localTime(long t, ZoneId zone) {
    return LOCAL.format(Instant.ofEpochMilli(t).atZone(zone));
  }

  /** The level as a leader reads it. */
  public static String levelName(AlertLevel level) {
    return switch (level) {
      case CRITICAL -> "nghiêm trọng";
      case NODATA -> "mất số liệu";
      case WARNING -> "cảnh báo";
    };
  }

  /**
   * A value as people write it in Vietnamese: at most two decimals, no trailing zeros, a decimal
   * comma and a dot between thousands ({@code 1.234,5}); "—" for none.
   */
  public static String number(double v) {
    if (Double.isNaN(v)) return "—";
    BigDecimal d = BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
    if (d.scale() < 0) d = d.setScale(0);
    java.text.DecimalFormatSymbols vi = new java.text.DecimalFormatSymbols(Locale.ROOT);
    vi.setDecimalSeparator(',');
    vi.setGroupingSeparator('.');
    java.text.DecimalFormat f = new java.text.DecimalFormat("#,##0.##", vi);
    return f.format(d);
  }

  /** How long, as a leader reads it: "45 phút", "2 giờ 15 phút", "3 ngày 4 giờ". */
  static String duration(long ms) {
    long minutes = Math.max(0, ms) / 60_000;
    long days = minutes / (24 * 60);
    long hours = minutes / 60 % 24;
    long mins = minutes % 60;
    if (days > 0) return days + " ngày" + (hours > 0 ? " " + hours + " giờ" : "");
    if (hours > 0) return hours + " giờ" + (mins > 0 ? " " + mins + " phút" : "");
    return mins + " phút";
  }
}
