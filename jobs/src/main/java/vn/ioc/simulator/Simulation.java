package vn.ioc.simulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.simulator.Emission.Kind;
import vn.ioc.simulator.ProvinceModel.ReportStyle;
import vn.ioc.simulator.ProvinceModel.ServiceProfile;
import vn.ioc.simulator.ProvinceModel.UnitProfile;

/**
 * The simulated {@code ioc.submissions} feed of a province, in arrival order.
 *
 * <p>Time is cut into origin hours (whole local hours from the start). Everything a unit reports
 * about an origin hour (its hourly reports, the applications that came in, a daily summary for a
 * day's first hour) is drawn from a random stream seeded by the seed, the unit and the hour alone,
 * together with that report's late delivery, re-delivery, correction or garbled copy. So the feed
 * is a pure function of the settings: the same seed gives the same bytes, and a run that resumes
 * after a given message regenerates the hours it needs and continues with exactly the messages an
 * uninterrupted run would have sent next.
 *
 * <p>No message arrives more than {@link #MAX_DELAY} after the start of its origin hour, and never
 * before it; messages are released from a queue once no later origin hour can produce an earlier
 * one.
 */
public final class Simulation extends PositionedFeed {
  static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  private static final DateTimeFormatter HOUR_ID = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH");

  /** The longest time from an origin hour's start to the arrival of a message it produced. */
  public static final Duration MAX_DELAY = Duration.ofDays(3);

  /**
   * What to simulate.
   *
   * @param start the first origin hour (rounded down to a whole hour)
   * @param end the simulated time the feed stops: no message arriving at or after it is sent (null:
   *     endless). So a shorter run is a prefix of a longer one, and a run can be extended from its
   *     position.
   */
  public record Settings(
      ProvinceModel model,
      long seed,
      Instant start,
      Instant end,
      ZoneId zone,
      String province,
      Anomalies anomalies,
      WorkingDays calendar) {}

  /** Where a run stopped: the last message it sent. */
  public record Position(long arrival, String line) {}

  private final Settings s;
  private final PriorityQueue<Emission> queue = new PriorityQueue<>();
  private ZonedDateTime nextOrigin;

  /** A run from the start. */
  public Simulation(Settings settings) {
    this(settings, null);
  }

  /** A run that continues after {@code after} (null: from the start). */
  public Simulation(Settings settings, Position after) {
    super(after);
    this.s = settings;
    Instant first = settings.start().truncatedTo(ChronoUnit.HOURS);
    if (after != null) {
      Instant resume =
          Instant.ofEpochMilli(after.arrival()).minus(MAX_DELAY).truncatedTo(ChronoUnit.HOURS);
      if (resume.isAfter(first)) first = resume;
    }
    this.nextOrigin = first.atZone(settings.zone());
  }

  /** The next message in arrival order, generating origin hours as needed; null at the end. */
  @Override
  protected Emission advance() {
    while (true) {
      boolean more = s.end() == null || nextOrigin.toInstant().isBefore(s.end());
      Emission head = queue.peek();
      // An origin hour never produces a message that arrives before it starts.
      if (head != null && (!more || head.arrival() < nextOrigin.toInstant().toEpochMilli())) {
        if (s.end() != null && head.arrival() >= s.end().toEpochMilli()) return null;
        return queue.poll();
      }
      if (!more) return null;
      generate(nextOrigin);
      nextOrigin = nextOrigin.plusHours(1);
    }
  }

  /** Everything every unit reports about one origin hour. */
  private void generate(ZonedDateTime origin) {
    LocalDate day = origin.toLocalDate();
    int hour = origin.getHour();
    long hourKey = origin.toInstant().getEpochSecond() / 3600;
    Set<String> silent = silentUnits(origin);
    for (UnitProfile u : s.model().unitsOn(day)) {
      if (silent.contains(u.unit().code())) continue;
      SplittableRandom rnd =
          new SplittableRandom(
              ProvinceModel.mix(s.seed(), ProvinceModel.code(u.unit().code()), hourKey));
      int[] open = u.openHours(day, s.calendar());
      switch (u.style()) {
        case HOURLY -> {
          if (contains(open, hour)) hourly(u, origin, rnd);
        }
        case INSTANT -> {
          if (contains(open, hour)) instant(u, origin, rnd);
        }
        case DAILY -> {
          if (hour == 0 && open.length > 0) daily(u, day, open, rnd);
        }
      }
    }
  }

  private void hourly(UnitProfile u, ZonedDateTime start, SplittableRandom rnd) {
    ZonedDateTime end = start.plusHours(1);
    for (ServiceProfile sp : u.services()) {
      double expected = sp.perHour() * ProvinceModel.hourWeight(start.getHour());
      ObjectNode m =
          head(
              u, sp, "hourly/" + u.unit().code() + "/" + sp.service().code() + "/" + hourId(start));
      m.put("periodStart", RFC3339.format(start));
      m.put("periodEnd", RFC3339.format(end));
      counts(m, u, sp, start.toLocalDate(), expected, rnd);
      long arrival = end.toInstant().toEpochMilli() + 1000L * (30 + rnd.nextInt(570));
      send(m, arrival, true, start, rnd);
    }
  }

  private void daily(UnitProfile u, LocalDate day, int[] open, SplittableRandom rnd) {
    ZonedDateTime start = day.atStartOfDay(s.zone());
    ZonedDateTime end = day.plusDays(1).atStartOfDay(s.zone());
    double weight = 0;
    for (int h : open) weight += ProvinceModel.hourWeight(h);
    for (ServiceProfile sp : u.services()) {
      ObjectNode m =
          head(u, sp, "daily/" + u.unit().code() + "/" + sp.service().code() + "/" + day);
      m.put("periodStart", RFC3339.format(start));
      m.put("periodEnd", RFC3339.format(end));
      counts(m, u, sp, day, sp.perHour() * weight, rnd);
      // sent the next morning, between 06:00 and 08:00
      long arrival = end.plusHours(6).toInstant().toEpochMilli() + 1000L * rnd.nextInt(7200);
      send(m, arrival, true, start, rnd);
    }
  }

  private void instant(UnitProfile u, ZonedDateTime start, SplittableRandom rnd) {
    int from = ProvinceModel.openMinuteFrom(start.getHour()) * 60;
    int to = ProvinceModel.openMinuteTo(start.getHour()) * 60;
    LocalDate day = start.toLocalDate();
    for (ServiceProfile sp : u.services()) {
      int n = poisson(rnd, sp.perHour() * ProvinceModel.hourWeight(start.getHour()));
      int[] seconds = new int[n];
      for (int i = 0; i < n; i++) seconds[i] = from + rnd.nextInt(to - from);
      java.util.Arrays.sort(seconds); // numbered in the order the applications came in
      double online = ProvinceModel.onlineShare(sp, day);
      for (int i = 0; i < n; i++) {
        ZonedDateTime at = start.plusSeconds(seconds[i]);
        String id =
            "app/"
                + u.unit().code()
                + "/"
                + sp.service().code()
                + "/"
                + hourId(start)
                + "/"
                + (i + 1);
        ObjectNode m = head(u, sp, id);
        m.remove("revision");
        m.put("periodStart", RFC3339.format(at));
        int channel = channel(rnd, online);
        m.putObject("received")
            .put("online", channel == 0 ? 1 : 0)
            .put("direct", channel == 1 ? 1 : 0)
            .put("postal", channel == 2 ? 1 : 0);
        boolean fully =
            channel == 0
                && sp.service().fullyOnlineCapable()
                && rnd.nextDouble() < u.fullyOnlineShare();
        m.put("fullyOnline", fully ? 1 : 0);
        send(m, at.toInstant().toEpochMilli() + 1000L * (1 + rnd.nextInt(30)), false, start, rnd);
      }
    }
  }

  /** Received, fully-online and resolved counts of a period report. */
  private void counts(
      ObjectNode m,
      UnitProfile u,
      ServiceProfile sp,
      LocalDate day,
      double expected,
      SplittableRandom rnd) {
    double onlineShare = ProvinceModel.onlineShare(sp, day);
    int total = poisson(rnd, expected);
    int online = 0;
    int direct = 0;
    int postal = 0;
    int fullyOnline = 0;
    for (int i = 0; i < total; i++) {
      switch (channel(rnd, onlineShare)) {
        case 0 -> {
          online++;
          if (sp.service().fullyOnlineCapable() && rnd.nextDouble() < u.fullyOnlineShare())
            fullyOnline++;
        }
        case 1 -> direct++;
        default -> postal++;
      }
    }
    int resolved = poisson(rnd, expected * 0.9);
    double onTime = ProvinceModel.onTimeShare(u, day);
    int late = 0;
    for (int i = 0; i < resolved; i++) if (rnd.nextDouble() >= onTime) late++;
    m.putObject("received").put("online", online).put("direct", direct).put("postal", postal);
    m.put("fullyOnline", fullyOnline);
    m.putObject("resolved").put("onTime", resolved - late).put("late", late);
  }

  /**
   * Queues a report and whatever befalls it: a late delivery, a re-delivery, a correction (period
   * reports only) and a garbled copy. Four draws are always made, so one report's fate never shifts
   * the random stream of the next.
   */
  private void send(
      ObjectNode m,
      long arrival,
      boolean periodReport,
      ZonedDateTime origin,
      SplittableRandom rnd) {
    Anomalies a = s.anomalies();
    double late = rnd.nextDouble();
    double again = rnd.nextDouble();
    double corrected = rnd.nextDouble();
    double garbled = rnd.nextDouble();
    Kind kind = Kind.REPORT;
    if (late < a.late()) {
      arrival += 60_000L * (120 + rnd.nextInt(28 * 60));
      kind = Kind.LATE_REPORT;
    }
    String line = m.toString();
    queue(new Emission(arrival, line, kind, null), origin);
    if (again < a.redelivery()) {
      queue(
          new Emission(arrival + 60_000L * (1 + rnd.nextInt(60)), line, Kind.REDELIVERY, null),
          origin);
    }
    if (periodReport && corrected < a.correction()) {
      ObjectNode c = m.deepCopy();
      ObjectNode received = (ObjectNode) c.get("received");
      int direct = received.get("direct").asInt();
      if (direct > 0) received.put("direct", direct - 1);
      received.put("online", received.get("online").asInt() + 2);
      c.put("revision", 1);
      queue(
          new Emission(
              arrival + 60_000L * (60 + rnd.nextInt(300)), c.toString(), Kind.CORRECTION, null),
          origin);
    }
    if (garbled < a.malformed()) {
      Malformation how = Malformation.values()[rnd.nextInt(Malformation.values().length)];
      ObjectNode g = m.deepCopy();
      g.put("reportId", g.get("reportId").asText() + "/garbled");
      queue(
          new Emission(
              arrival + 1000L * (1 + rnd.nextInt(300)), how.garble(g), Kind.MALFORMED, how.reason),
          origin);
    }
  }

  private void queue(Emission e, ZonedDateTime origin) {
    long from = origin.toInstant().toEpochMilli();
    if (e.arrival() < from || e.arrival() - from > MAX_DELAY.toMillis()) {
      throw new IllegalStateException("a message outside its origin hour's reach: " + e);
    }
    queue.add(e);
  }

  /**
   * Each simulated week one unit that reports hourly, chosen by the seed, is silent on one working
   * day from 09:00 for {@code silentHours} hours: its system is down and nothing it would have sent
   * is ever sent. Returns the codes of the units silent during this origin hour (more than one only
   * when silences last over a week).
   */
  Set<String> silentUnits(ZonedDateTime origin) {
    int hours = s.anomalies().silentHours();
    if (hours == 0) return Set.of();
    Set<String> silent = new HashSet<>();
    // the week of the silence is the one its 09:00 falls in; weeks start on Monday
    LocalDate monday = origin.toLocalDate().with(DayOfWeek.MONDAY);
    for (int back = 0; back <= hours / 24 + 1; back++) {
      LocalDate weekStart = monday.minusWeeks(back);
      // an agency that reports hourly, so the silence shows as missing hours
      List<UnitProfile> units =
          s.model().unitsOn(weekStart).stream()
              .filter(x -> x.style() == ReportStyle.HOURLY)
              .toList();
      if (units.isEmpty()) continue;
      long key = ProvinceModel.mix(s.seed(), weekStart.toEpochDay(), 3);
      ZonedDateTime from =
          weekStart.plusDays(Math.floorMod(key >>> 32, 5L)).atTime(9, 0).atZone(s.zone());
      if (!origin.isBefore(from) && origin.isBefore(from.plusHours(hours))) {
        silent.add(units.get((int) Math.floorMod(key, (long) units.size())).unit().code());
      }
    }
    return silent;
  }

  private ObjectNode head(UnitProfile u, ServiceProfile sp, String reportId) {
    ObjectNode m = JsonNodeFactory.instance.objectNode();
    m.put("reportId", reportId);
    m.put("revision", 0);
    m.put("unitCode", u.unit().code());
    m.put("unitName", u.unit().name());
    if (u.unit().districtCode() != null) m.put("districtCode", u.unit().districtCode());
    if (u.unit().communeCode() != null) m.put("communeCode", u.unit().communeCode());
    m.put("provinceCode", s.province());
    m.put("serviceCode", sp.service().code());
    return m;
  }

  private static String hourId(ZonedDateTime t) {
    return HOUR_ID.format(t);
  }

  private static boolean contains(int[] hours, int h) {
    for (int x : hours) if (x == h) return true;
    return false;
  }

  /** 0 online, 1 direct, 2 postal; about 3% of what is not online comes by post. */
  private static int channel(SplittableRandom rnd, double onlineShare) {
    if (rnd.nextDouble() < onlineShare) return 0;
    return rnd.nextDouble() < 0.03 ? 2 : 1;
  }

  /** Knuth's method for small means; a normal approximation above 30. */
  static int poisson(SplittableRandom rnd, double mean) {
    if (mean <= 0) return 0;
    if (mean > 30) {
      double g =
          Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * g));
    }
    double limit = Math.exp(-mean);
    double p = 1;
    int k = 0;
    do {
      k++;
      p *= rnd.nextDouble();
    } while (p > limit);
    return k - 1;
  }

  /** Convenience for tools and tests: every message of a bounded simulation, in order. */
  public static List<Emission> all(Settings settings) {
    if (settings.end() == null) throw new IllegalArgumentException("an endless simulation");
    List<Emission> out = new ArrayList<>();
    new Simulation(settings).forEachRemaining(out::add);
    return out;
  }
}
