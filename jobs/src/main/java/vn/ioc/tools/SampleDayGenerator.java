package vn.ioc.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import vn.ioc.reference.ReferenceData;
import vn.ioc.reference.ReferenceData.Service;
import vn.ioc.reference.ReferenceData.Unit;

/**
 * Generates one local day of {@code ioc.submissions} messages for a province from its reference
 * data, deterministically: the same reference data, date and seed give the same bytes.
 *
 * <pre>
 * sample-day [--date 2024-10-15] [--seed 42] [--reference deploy/reference/nghe-an]
 *            [--province 40] [--timezone Asia/Ho_Chi_Minh] [--out FILE]
 * </pre>
 *
 * What a day holds, in arrival order (a report arrives a few minutes after its period ends):
 *
 * <ul>
 *   <li>hourly reports (07:00–17:00) of every valid unit for up to {@value #SERVICES_PER_UNIT} of
 *       the services it receives (see {@link #servicesOf}), zero counts included: a quiet hour is
 *       reported, not missing;
 *   <li>{@value #INSTANT_UNITS} district units that report each application as it arrives (instant
 *       reports: no {@code periodEnd}, no {@code revision}, no {@code resolved});
 *   <li>two re-deliveries (an earlier line again, byte for byte), one correction (same {@code
 *       reportId}, revision 1, other counts) and two malformed lines (broken JSON; a mistyped
 *       count) that must end as dead letters.
 * </ul>
 */
public final class SampleDayGenerator {
  private SampleDayGenerator() {}

  static final LocalDate DEFAULT_DATE = LocalDate.of(2024, 10, 15);
  static final long DEFAULT_SEED = 42;
  static final String DEFAULT_REFERENCE = "deploy/reference/nghe-an";
  static final int SERVICES_PER_UNIT = 5;
  static final int INSTANT_UNITS = 3;
  static final int FIRST_HOUR = 7;
  static final int LAST_HOUR = 16; // the last hourly period is 16:00-17:00

  /** Relative traffic per office hour, 07 to 16: mornings are busy, lunch is quiet. */
  private static final double[] HOUR_WEIGHT = {0.6, 1.0, 1.2, 1.1, 0.5, 0.2, 0.6, 1.1, 1.0, 0.7};

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  /** Parameters of one day. */
  record Day(ReferenceData reference, LocalDate date, long seed, String province, ZoneId zone) {}

  /** What was generated. */
  record Result(
      List<String> lines,
      int hourly,
      int instant,
      int redeliveries,
      int corrections,
      int malformed) {}

  public static void main(String[] args) throws Exception {
    ToolArgs a;
    try {
      a =
          ToolArgs.parse(
              args, Set.of("date", "seed", "reference", "province", "timezone", "out"), Set.of());
      if (!a.positional.isEmpty() || !a.configFlags().isEmpty()) {
        throw new IllegalArgumentException(
            "usage: sample-day [--date D] [--seed S] [--reference DIR] [--province P] [--timezone Z] [--out FILE]");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("sample-day: " + e.getMessage());
      System.exit(2);
      return;
    }
    Day day =
        new Day(
            ReferenceData.load(Path.of(a.get("reference", DEFAULT_REFERENCE))),
            LocalDate.parse(a.get("date", DEFAULT_DATE.toString())),
            Long.parseLong(a.get("seed", Long.toString(DEFAULT_SEED))),
            a.get("province", "40"),
            ZoneId.of(a.get("timezone", "Asia/Ho_Chi_Minh")));
    Result r = generate(day);
    String out = a.get("out", "-");
    try (Writer w =
        out.equals("-")
            ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
            : Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8)) {
      write(r.lines(), w);
    }
    System.err.printf(
        "sample-day: %d lines for %s (%d hourly, %d instant, %d re-deliveries, %d correction, %d malformed)%s%n",
        r.lines().size(),
        day.date(),
        r.hourly(),
        r.instant(),
        r.redeliveries(),
        r.corrections(),
        r.malformed(),
        out.equals("-") ? "" : " -> " + out);
  }

  static void write(List<String> lines, Writer w) throws IOException {
    for (String line : lines) {
      w.write(line);
      w.write('\n');
    }
  }

  /**
   * A message and when it reaches Kafka; {@code seq} keeps the order of equal arrival times stable.
   */
  private record Arrival(long at, int seq, String line) {}

  /** The services a unit receives in this sample. */
  static List<Service> servicesOf(Unit u, List<Service> services) {
    boolean districtOneStop = u.districtCode() != null;
    return services.stream()
        .filter(
            s ->
                districtOneStop
                    // Until communes are units of their own, the district one-stop receives
                    // commune-level
                    // procedures too; police procedures go to the police whatever their level.
                    ? !"province".equals(s.level()) && !"police".equals(s.sector())
                    : u.sectors().contains(s.sector())
                        && ("province".equals(s.level()) || "police".equals(s.sector())))
        .sorted(Comparator.comparing(Service::code))
        .toList();
  }

  static Result generate(Day day) throws IOException {
    Random rnd = new Random(day.seed());
    List<Unit> units =
        day.reference().unitsOn(day.date()).stream()
            .sorted(Comparator.comparing(Unit::code))
            .toList();
    List<Service> services = day.reference().servicesOn(day.date());
    List<Unit> districtUnits = units.stream().filter(u -> u.districtCode() != null).toList();
    List<Unit> shuffled = new ArrayList<>(districtUnits);
    Collections.shuffle(shuffled, rnd);
    Set<String> instantUnits =
        Set.copyOf(
            shuffled.subList(0, Math.min(INSTANT_UNITS, shuffled.size())).stream()
                .map(Unit::code)
                .toList());

    List<Arrival> arrivals = new ArrayList<>();
    List<Arrival> hourlyArrivals = new ArrayList<>();
    List<ObjectNode> hourlyMessages = new ArrayList<>();
    int seq = 0;
    int instant = 0;
    for (Unit u : units) {
      List<Service> eligible = new ArrayList<>(servicesOf(u, services));
      if (eligible.size() > SERVICES_PER_UNIT) {
        Collections.shuffle(eligible, rnd);
        eligible = new ArrayList<>(eligible.subList(0, SERVICES_PER_UNIT));
        eligible.sort(Comparator.comparing(Service::code));
      }
      boolean busy = "412".equals(u.districtCode()); // the provincial capital
      for (Service s : eligible) {
        double rate =
            (u.districtCode() != null ? 1.5 + 4 * rnd.nextDouble() : 0.5 + 2.5 * rnd.nextDouble())
                * (busy ? 2 : 1);
        double onlineShare =
            s.fullyOnlineCapable() ? 0.55 + 0.35 * rnd.nextDouble() : 0.05 + 0.2 * rnd.nextDouble();
        if (instantUnits.contains(u.code())) {
          int n = poisson(rnd, rate * 8.5);
          List<ZonedDateTime> times = new ArrayList<>();
          for (int i = 0; i < n; i++) times.add(officeInstant(rnd, day));
          times.sort(Comparator.naturalOrder()); // numbered in the order the applications came in
          for (int i = 0; i < n; i++) {
            ZonedDateTime at = times.get(i);
            int channel = channel(rnd, onlineShare);
            ObjectNode m =
                message(
                    u,
                    s,
                    day,
                    "app/" + u.code() + "/" + s.code() + "/" + day.date() + "/" + (i + 1),
                    null);
            m.put("periodStart", RFC3339.format(at));
            ObjectNode received = m.putObject("received");
            received
                .put("online", channel == 0 ? 1 : 0)
                .put("direct", channel == 1 ? 1 : 0)
                .put("postal", channel == 2 ? 1 : 0);
            m.put(
                "fullyOnline",
                channel == 0 && s.fullyOnlineCapable() && rnd.nextDouble() < 0.8 ? 1 : 0);
            arrivals.add(
                new Arrival(
                    at.toInstant().toEpochMilli() + rnd.nextInt(30_000),
                    seq++,
                    JSON.writeValueAsString(m)));
            instant++;
          }
          continue;
        }
        for (int h = FIRST_HOUR; h <= LAST_HOUR; h++) {
          ZonedDateTime start = day.date().atTime(h, 0).atZone(day.zone());
          ZonedDateTime end = start.plusHours(1);
          double expected = rate * HOUR_WEIGHT[h - FIRST_HOUR];
          int total = poisson(rnd, expected);
          int online = 0;
          int direct = 0;
          int postal = 0;
          int fullyOnline = 0;
          for (int i = 0; i < total; i++) {
            switch (channel(rnd, onlineShare)) {
              case 0 -> {
                online++;
                if (s.fullyOnlineCapable() && rnd.nextDouble() < 0.8) fullyOnline++;
              }
              case 1 -> direct++;
              default -> postal++;
            }
          }
          int resolved = poisson(rnd, expected * 0.9);
          int late = 0;
          for (int i = 0; i < resolved; i++) if (rnd.nextDouble() < 0.06) late++;
          String reportId =
              "hourly/"
                  + u.code()
                  + "/"
                  + s.code()
                  + "/"
                  + day.date()
                  + "T"
                  + String.format("%02d", h);
          ObjectNode m = message(u, s, day, reportId, 0L);
          m.put("periodStart", RFC3339.format(start));
          m.put("periodEnd", RFC3339.format(end));
          m.putObject("received").put("online", online).put("direct", direct).put("postal", postal);
          m.put("fullyOnline", fullyOnline);
          m.putObject("resolved").put("onTime", resolved - late).put("late", late);
          Arrival a =
              new Arrival(
                  end.toInstant().toEpochMilli() + 1_000L * rnd.nextInt(600),
                  seq++,
                  JSON.writeValueAsString(m));
          arrivals.add(a);
          hourlyArrivals.add(a);
          hourlyMessages.add(m);
        }
      }
    }
    int hourly = hourlyArrivals.size();

    // Two re-deliveries: a reporting system sends the same report again, byte for byte.
    for (int i = 0; i < 2 && hourly > 0; i++) {
      Arrival original = hourlyArrivals.get(rnd.nextInt(hourly));
      arrivals.add(
          new Arrival(original.at() + 60_000L * (30 + rnd.nextInt(60)), seq++, original.line()));
    }
    // One correction: the same report with more applications counted, as revision 1.
    int corrections = 0;
    for (int tries = 0; tries < 1000 && corrections == 0 && hourly > 0; tries++) {
      int k = rnd.nextInt(hourly);
      ObjectNode m = hourlyMessages.get(k).deepCopy();
      if (m.path("received").path("direct").asInt() < 1) continue;
      ObjectNode received = (ObjectNode) m.get("received");
      received.put("online", received.get("online").asInt() + 2);
      received.put("direct", received.get("direct").asInt() - 1);
      m.put("revision", 1);
      arrivals.add(
          new Arrival(
              hourlyArrivals.get(k).at() + 3_600_000L * 2, seq++, JSON.writeValueAsString(m)));
      corrections++;
    }
    // Two malformed lines: a line cut short (bad JSON) and a count that is text.
    int malformed = 0;
    if (hourly > 0) {
      String cut = hourlyArrivals.get(rnd.nextInt(hourly)).line();
      arrivals.add(new Arrival(at(day, 10, 17), seq++, cut.substring(0, cut.length() / 2)));
      ObjectNode bad = hourlyMessages.get(rnd.nextInt(hourly)).deepCopy();
      bad.put("reportId", bad.get("reportId").asText() + "/manual");
      ((ObjectNode) bad.get("received")).put("online", "năm");
      arrivals.add(new Arrival(at(day, 14, 23), seq++, JSON.writeValueAsString(bad)));
      malformed = 2;
    }

    arrivals.sort(Comparator.comparingLong(Arrival::at).thenComparingInt(Arrival::seq));
    return new Result(
        arrivals.stream().map(Arrival::line).toList(),
        hourly,
        instant,
        Math.min(2, hourly),
        corrections,
        malformed);
  }

  /**
   * The common head of a message, in the contract's field order; {@code revision} null: left out
   * (defaults to 0).
   */
  private static ObjectNode message(Unit u, Service s, Day day, String reportId, Long revision) {
    ObjectNode m = JSON.createObjectNode();
    m.put("reportId", reportId);
    if (revision != null) m.put("revision", revision);
    m.put("unitCode", u.code());
    m.put("unitName", u.name());
    if (u.districtCode() != null) m.put("districtCode", u.districtCode());
    m.put("provinceCode", day.province());
    m.put("serviceCode", s.code());
    return m;
  }

  /** 0 online, 1 direct, 2 postal; about 3% of what is not online comes by post. */
  private static int channel(Random rnd, double onlineShare) {
    double r = rnd.nextDouble();
    if (r < onlineShare) return 0;
    return rnd.nextDouble() < 0.03 ? 2 : 1;
  }

  /** A random second in office hours: 07:00–11:30 or 13:30–17:00 local time. */
  private static ZonedDateTime officeInstant(Random rnd, Day day) {
    int morning = (int) (4.5 * 3600);
    int afternoon = (int) (3.5 * 3600);
    int s = rnd.nextInt(morning + afternoon);
    LocalTime t =
        s < morning
            ? LocalTime.of(7, 0).plusSeconds(s)
            : LocalTime.of(13, 30).plusSeconds(s - morning);
    return day.date().atTime(t).atZone(day.zone());
  }

  private static long at(Day day, int hour, int minute) {
    Instant i = day.date().atTime(hour, minute).atZone(day.zone()).toInstant();
    return i.toEpochMilli();
  }

  /** Knuth's method: fine for the small means used here. */
  private static int poisson(Random rnd, double mean) {
    double limit = Math.exp(-mean);
    double p = 1;
    int k = 0;
    do {
      k++;
      p *= rnd.nextDouble();
    } while (p > limit);
    return k - 1;
  }
}
