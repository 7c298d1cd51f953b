package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import vn.ioc.cli.ToolArgs;
import vn.ioc.config.IocConfig;
import vn.ioc.simulator.Emission;
import vn.ioc.simulator.Simulation;
import vn.ioc.simulator.SimulatorTool;

/**
 * The live demo as a newcomer uses it, scripted: {@code deploy/ioc demo} shows province figures
 * within a minute, stops cleanly on SIGTERM (what Ctrl-C does), and the next {@code demo} carries
 * on from the savepoint and the simulator's position. Then: Kafka holds exactly the simulated feed
 * up to where the simulator stopped (nothing lost, nothing sent twice), and once the job has
 * written everything it read, InfluxDB holds exactly the totals of that feed. Every query the demo
 * prints, and every one the documents print, returns rows on the demo's data.
 */
class DemoIT {
  static final RealServices.Namespace NS = RealServices.Namespace.fresh("demo");
  static final Path STATE = RealServices.PROJECT.resolve(".runtime/it/" + NS.id());
  static final DemoRun DEMO = new DemoRun(NS, STATE);
  static final String SPEED = "3000";
  static final String START = "2024-10-14";
  private static final ObjectMapper JSON = new ObjectMapper();

  @AfterAll
  static void drop() {
    RealServices.dropNamespace(NS);
  }

  @Test
  void theDemoShowsDataStopsCleanlyAndCarriesOn() throws Exception {
    Map<String, String> env = DEMO.environment();

    // first run: data on the console within a minute, then a clean stop
    Path log1 = STATE.resolve("demo-1.log");
    Process first = start(env, log1);
    String shown = DEMO.awaitLine(first, log1, DemoIT::withFigures, Duration.ofSeconds(60));
    assertTrue(shown.contains("province 2024-10-1"), shown);
    // the programme's overdue items reach their owners' leaders: a signed digest in the inbox
    DEMO.awaitLine(
        first, STATE.resolve("demo/inbox.log"), l -> l.startsWith("── "), Duration.ofMinutes(2));
    String out1 = DEMO.stop(first, log1);
    assertTrue(out1.contains("savepoint: file:"), out1);
    String savepoint = after(out1, "savepoint: ");
    Simulation.Position firstStop = position();

    // second run: carries on from both, shows newer figures, stops cleanly again
    Path log2 = STATE.resolve("demo-2.log");
    // without --start: the demo carries on from the first day it kept
    Process second = DEMO.start(env, log2, "--speed=" + SPEED);
    DEMO.awaitLine(
        second,
        log2,
        l ->
            l.equals("demo: carrying on where the last demo stopped (it started on " + START + ")"),
        Duration.ofSeconds(30));
    DEMO.awaitLine(second, log2, DemoIT::withFigures, Duration.ofSeconds(60));
    String out2 = DEMO.stop(second, log2);
    assertTrue(out2.contains("savepoint: file:"), out2);
    String jobLog = Files.readString(STATE.resolve("demo/submissions.log"));
    assertTrue(
        jobLog.contains("resuming submissions from " + java.net.URI.create(savepoint).getPath()),
        "the second run resumed from the first one's savepoint " + savepoint + ":\n" + jobLog);
    Simulation.Position secondStop = position();
    assertTrue(secondStop.arrival() > firstStop.arrival(), "the simulator went on");
    assertTrue(
        Files.readString(STATE.resolve("demo/progress.log")).contains("resuming progress from "),
        "the progress job resumed too");
    assertTrue(
        Files.readString(STATE.resolve("demo/alerting.log")).contains("resuming alerting from "),
        "the alerting job resumed too");

    // every digest the notifier delivered is in the inbox, signed; the alerts behind them are
    // on the wall
    List<String> inbox = Files.readAllLines(STATE.resolve("demo/inbox.log"));
    long digests = inbox.stream().filter(l -> l.startsWith("── ")).count();
    assertTrue(
        inbox.stream().noneMatch(l -> l.contains("BAD SIGNATURE")), String.join("\n", inbox));
    long delivered =
        RealServices.rows(
                NS.database(),
                "SELECT count(attempts) FROM notification_deliveries"
                    + " WHERE channel = 'webhook' AND outcome = 'delivered'")
            .stream()
            .mapToLong(r -> ((Number) r.get("count")).longValue())
            .sum();
    assertEquals(delivered, digests, String.join("\n", inbox));
    assertTrue(digests > 0);
    assertTrue(
        !RealServices.rows(
                NS.database(), "SELECT * FROM alerts WHERE rule = 'items-overdue' LIMIT 1")
            .isEmpty(),
        "the programme's overdue items raised alerts");

    // the jobs and the notifier run on the simulated clock: nothing they stamped lies outside the
    // simulated year (2026's wall clock beside 2024's figures), and each feed's age is there
    for (String measurement :
        List.of("feed_health", "alerts", "alert_notifications", "notification_deliveries"))
      for (String outside :
          List.of("time < '2024-01-01T00:00:00+07:00'", "time >= '2025-01-01T00:00:00+07:00'"))
        assertEquals(
            List.of(),
            RealServices.rows(
                NS.database(), "SELECT * FROM " + measurement + " WHERE " + outside + " LIMIT 3"),
            measurement + " stamped outside the simulated year");
    for (String feed : List.of("submissions", "progress"))
      assertTrue(
          !RealServices.rows(
                  NS.database(),
                  "SELECT data_age_s FROM feed_health WHERE feed = '" + feed + "' LIMIT 1")
              .isEmpty(),
          "the data age of " + feed);

    // the progress job refused only the simulator's malformed reports (if the demo's few
    // simulated days made any): none as late, which would mean a partition's reports fell behind
    // the clock (they would be lost to the wall)
    java.util.Set<String> progressReasons = new java.util.TreeSet<>();
    for (var r : RealServices.readAll(NS.topic("deadletter"))) {
      vn.ioc.deadletter.DeadLetter d = vn.ioc.deadletter.DeadLetterJson.decode(r.value());
      if (d.job.equals("progress")) progressReasons.add(d.reason);
    }
    assertTrue(
        java.util.Set.of("bad-date").containsAll(progressReasons),
        "the progress job's refusals: " + progressReasons);

    // the programme's wall: every item of the reference programme, and its summaries
    assertEquals(
        89,
        RealServices.rows(NS.database(), "SHOW TAG VALUES FROM item_status WITH KEY = item")
            .size());
    assertEquals(
        List.of(38.0, 51.0),
        List.of("MODEL", "TASK").stream()
            .map(
                kind ->
                    RealServices.rows(
                            NS.database(),
                            "SELECT last(total) FROM progress_summary WHERE scope = 'province'"
                                + " AND kind = '"
                                + kind
                                + "'")
                        .stream()
                        .map(r -> r.get("last"))
                        .findFirst()
                        .orElse(null))
            .toList(),
        "the province summaries; the progress job's log:\n"
            + Files.readString(STATE.resolve("demo/progress.log")));

    // every query the demo printed on its console and the documents print, run as printed
    // through deploy/ioc influx, returns rows on the demo's data
    List<PrintedQueries.Printed> printed =
        new ArrayList<>(PrintedQueries.inConsole("the demo's console", out2));
    assertEquals(7, printed.size(), "the queries the demo printed:\n" + out2);
    printed.addAll(PrintedQueries.inDocs(RealServices.PROJECT));
    List<String> withoutRows = new ArrayList<>();
    for (PrintedQueries.Printed p : printed) {
      String problem = runAsPrinted(env, p);
      if (problem != null) withoutRows.add(p.source() + ": " + p.query() + "\n  " + problem);
    }
    assertEquals(List.of(), withoutRows, "printed queries without rows on the demo's data");

    // Kafka holds the simulated feed up to the second stop, each message once
    List<String> fed = simulatedUpTo(secondStop);
    List<String> fedSorted = new ArrayList<>(fed);
    fedSorted.sort(null);
    assertEquals(fedSorted, RealServices.sortedValues(NS.topic("submissions")));
    assertTrue(fed.size() > 500, "the demo fed the job: " + fed.size() + " messages");

    // The job, resumed once more on its own, writes what it still held back (open windows are
    // written at most once per early-write interval); then InfluxDB equals the naive totals.
    Map<String, Map<String, Object>> expected =
        withoutMinutes(new ServiceRatesOracle(fed, 3).expectedPoints());
    Process job =
        // on the simulated clock, as the demo runs it: its state reads the clock's ticks too
        RealServices.launcher(env, "run", "submissions", "--clock=ticks")
            .redirectErrorStream(true)
            .redirectOutput(STATE.resolve("job-3.log").toFile())
            .start();
    try {
      Map<String, Map<String, Object>> actual = Map.of();
      long deadline = System.currentTimeMillis() + 90_000;
      while (System.currentTimeMillis() < deadline) {
        actual = withoutMinutes(RealServices.serviceRates(NS.database()));
        if (actual.equals(expected)) break;
        Thread.sleep(2000);
      }
      RealServices.assertSamePoints(expected, actual);
    } finally {
      job.destroy();
      job.waitFor(120, TimeUnit.SECONDS);
      job.destroyForcibly();
    }
  }

  /**
   * Runs a printed query with its printed command ({@code deploy/ioc influx ...}) in the demo's
   * environment, the CLI answering in JSON; null when it returned rows, else what it returned.
   */
  private static String runAsPrinted(Map<String, String> env, PrintedQueries.Printed printed)
      throws Exception {
    List<String> args = new ArrayList<>(printed.command());
    args.addAll(List.of("-format", "json"));
    Path answer = STATE.resolve("query.out");
    Process query =
        RealServices.launcher(env, args.toArray(String[]::new))
            .redirectErrorStream(true)
            .redirectOutput(answer.toFile())
            .start();
    if (!query.waitFor(30, TimeUnit.SECONDS)) {
      query.destroyForcibly();
      return "no answer within 30 s";
    }
    String out = Files.readString(answer);
    if (query.exitValue() != 0) return "exited " + query.exitValue() + ": " + out;
    try {
      int rows = PrintedQueries.rowsOf(out);
      return rows > 0 ? null : "no rows: " + out;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** The province of 2024 at an accelerated clock: the past never reaches the present here. */
  private static Process start(Map<String, String> env, Path log) throws Exception {
    return DEMO.start(env, log, "--start=" + START, "--speed=" + SPEED);
  }

  /** The console line of {@code watch} once InfluxDB has province figures. */
  private static boolean withFigures(String l) {
    return l.startsWith("[") && l.contains(" received, online ");
  }

  private static String after(String out, String prefix) {
    for (String line : out.split("\n", -1)) {
      if (line.startsWith(prefix)) return line.substring(prefix.length()).trim();
    }
    throw new AssertionError("no '" + prefix + "' in:\n" + out);
  }

  private static Simulation.Position position() throws Exception {
    JsonNode p = JSON.readTree(STATE.resolve("demo/simulator.position").toFile());
    return new Simulation.Position(p.get("arrival").asLong(), p.get("line").asText());
  }

  /** The demo's simulation (the same settings as `deploy/ioc demo`) up to a position. */
  private static List<String> simulatedUpTo(Simulation.Position stop) throws Exception {
    ToolArgs a =
        SimulatorTool.arguments(
            "--start=" + START,
            "--speed=" + SPEED,
            "--reference",
            RealServices.PROJECT.resolve(SimulatorTool.DEFAULT_REFERENCE).toString(),
            "--calendar",
            RealServices.PROJECT.resolve(SimulatorTool.DEFAULT_CALENDAR).toString());
    Simulation sim =
        new Simulation(SimulatorTool.options(a, IocConfig.load(Map.of(), Map.of())).settings());
    List<String> lines = new ArrayList<>();
    while (true) {
      Emission e = sim.next();
      lines.add(e.line());
      if (e.arrival() == stop.arrival() && e.line().equals(stop.line())) return lines;
      if (e.arrival() > stop.arrival()) throw new AssertionError("the position is not in the feed");
    }
  }

  private static Map<String, Map<String, Object>> withoutMinutes(
      Map<String, Map<String, Object>> points) {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    points.forEach(
        (k, v) -> {
          if (!k.contains("|1m|")) out.put(k, v);
        });
    return out;
  }
}
