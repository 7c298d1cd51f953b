package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import vn.ioc.notifier.TlsRelay;
import vn.ioc.notifier.WebhookReceiver;

/**
 * What the province's leaders receive, end to end on the real servers: the reference programme's
 * ten months (January to October 2024) go in as a backlog, then a live week (and the next Monday's
 * morning) at one simulated week per minute, through the live progress and alerting jobs and the
 * notifier, to a webhook gateway. From the start to the live edge each recipient gets at most one
 * digest (the catch-up rule); no digest lists an alert twice; every message names its unit or item,
 * never only a code, and has an SMS form; an acknowledgement made through a link is stamped with
 * the simulated clock, its {@code ack_seconds} is the engine-time difference from the first notice,
 * and a second confirmation publishes nothing; the chair's weekly report comes once per Monday.
 */
class LeadersInboxIT {
  static final RealServices.Namespace NS = RealServices.Namespace.fresh("inbox");
  static final ObjectMapper JSON = new ObjectMapper();

  /** The live week starts on a Monday; the history before it goes in without waiting. */
  static final String LIVE_FROM = "2024-11-04";

  /** One simulated week per minute. */
  static final int SPEED = 10_080;

  /** The live week's Monday 07:30 and the next: the chair's weekly reports. */
  static final List<String> LIVE_MONDAYS =
      List.of("2024-11-04T07:30:00.000+07:00", "2024-11-11T07:30:00.000+07:00");

  /** The live run: a week and the next Monday's morning, to 08:00. */
  static final int LIVE_HOURS = 7 * 24 + 8;

  /** The catch-up lag: a minute of real time, a simulated week. */
  static final long LAG_S = SPEED * 60L;

  /** A unit code where a name belongs: {@code 000.00.01.H40}. */
  static final Pattern UNIT_CODE = Pattern.compile("\\d{3}\\.\\d{2}\\.\\d{2}\\.H\\d{2}");

  @AfterAll
  static void drop() {
    RealServices.dropNamespace(NS);
  }

  @Test
  void tenMonthsOfBacklogThenALiveWeekGiveEachLeaderOneDigestToTheLiveEdge() throws Exception {
    RealServices.createTopics(
        NS,
        Map.of(
            "progress", 3,
            "clock", 1,
            "deadletter", 1,
            "indicators", 3,
            "alert-rules", 1,
            "alert-acks", 1,
            "alert-silences", 1,
            "notifications", 1,
            "alerts", 1));
    RealServices.createDatabase(NS);
    Path state = RealServices.PROJECT.resolve(".runtime/it/" + NS.id());
    Path runtime = state.resolve("runtime");
    Files.createDirectories(runtime.resolve("flink"));
    int port = RealServices.freePort();
    List<String> flags = NS.jobFlags().stream().filter(f -> !f.startsWith("--state-dir=")).toList();
    Map<String, String> env = Map.of("IOC_RUNTIME_DIR", runtime.toString());
    List<Process> running = new ArrayList<>();
    try (WebhookReceiver gateway = new WebhookReceiver();
        TlsRelay relay = TlsRelay.smtps()) {
      Path config = NotifierIT.config(state, gateway, relay, port);
      // as the demo's: on the simulated clock (its feed health on the simulated time line), and a
      // report partition silent for 5 s (14 simulated hours at a week per minute) stops holding
      // the clock; shorter, a partition the job is slow to read while the backlog pours in would
      // count as silent, and its reports as late
      running.add(
          start(
              env,
              state,
              "progress.log",
              flags,
              "run",
              "progress",
              "--clock=ticks",
              "--idle-timeout=PT5S"));
      // a notice more than a minute of real time (a simulated week) behind the clock is catch-up
      running.add(
          start(
              env,
              state,
              "alerting.log",
              flags,
              "run",
              "alerting",
              "--clock=ticks",
              "--idle-timeout=PT2S",
              "--alerting.catch-up-lag=PT" + LAG_S + "S"));
      running.add(
          start(
              Map.of(
                  "IOC_RUNTIME_DIR",
                  runtime.toString(),
                  NotifierIT.TRUST_STORE_PASSWORD,
                  NotifierIT.RELAY_PASSWORD),
              state,
              "notifier.log",
              flags,
              "run",
              "notifier",
              "--config=" + config,
              "--clock=ticks"));
      // the programme's ten months and the weeks since, as a backlog, with the clock at the start
      // of the live week: the leaders hear of it once the jobs have caught up
      Path position = state.resolve("programme.position");
      simulate(position, "--duration", "1m", "--speed", "max");
      awaitQuiet(gateway, d -> true);
      // then the live week at a simulated week per minute
      simulate(position, "--duration", LIVE_HOURS + "h", "--speed", Integer.toString(SPEED));
      long end = time(LIVE_FROM + "T00:00:00+07:00") + LIVE_HOURS * 3_600_000L;
      // until the chair's report of the second live Monday has come, and nothing more for a while
      List<JsonNode> digests =
          awaitQuiet(gateway, d -> d.get("at").asText().equals(LIVE_MONDAYS.get(1)));
      assertFalse(digests.isEmpty(), "the programme's late items reach their leaders");

      List<JsonNode> reports =
          digests.stream().filter(d -> "report".equals(d.at("/alerts/0/reason").asText())).toList();
      digests = digests.stream().filter(d -> !reports.contains(d)).toList();
      Map<String, List<JsonNode>> byRecipient = new TreeMap<>();
      for (JsonNode d : digests)
        byRecipient.computeIfAbsent(d.at("/recipient/id").asText(), r -> new ArrayList<>()).add(d);
      long liveFrom = time(LIVE_FROM + "T00:00:00+07:00");
      for (Map.Entry<String, List<JsonNode>> e : byRecipient.entrySet()) {
        List<JsonNode> own = e.getValue();
        String seen =
            e.getKey()
                + " got "
                + own.stream()
                    .map(
                        d ->
                            d.get("at").asText()
                                + " #"
                                + d.path("arrived")
                                + " "
                                + d.path("heldBack")
                                + " "
                                + d.path("subject").asText())
                    .toList();
        // the ten months' past, older than the lag: at most one digest, the one of the live edge
        long ofThePast = own.stream().filter(d -> at(d) < liveFrom - LAG_S * 1000).count();
        long catchUps = own.stream().filter(d -> d.path("heldBack").asInt(0) > 0).count();
        assertTrue(ofThePast <= 1, seen);
        assertTrue(catchUps <= 1, seen);
        if (catchUps == 1) {
          long first =
              own.stream()
                  .filter(d -> d.path("heldBack").asInt(0) > 0)
                  .findFirst()
                  .map(LeadersInboxIT::at)
                  .orElseThrow();
          assertEquals(0, own.stream().filter(d -> at(d) < first).count(), seen);
        }
      }
      assertTrue(
          digests.stream().anyMatch(d -> d.path("heldBack").asInt(0) > 0),
          "the backlog was caught up with one digest per recipient");
      for (JsonNode d : digests) {
        Set<String> alerts = new HashSet<>();
        for (JsonNode a : d.get("alerts")) {
          assertTrue(alerts.add(a.get("alertId").asText()), "an alert twice in " + d);
          String message = a.get("message").asText();
          assertFalse(UNIT_CODE.matcher(message).find(), "a code where a name belongs: " + message);
          assertTrue(
              message.contains("«")
                  || (!a.path("unitName").isNull() && message.contains(a.get("unitName").asText())),
              "names its unit or item: " + message);
          assertTrue(a.get("sms").asText().codePointCount(0, a.get("sms").asText().length()) <= 70);
        }
      }

      // the chair's weekly report: once per Monday 07:30, none of the past but the latest
      Map<String, Long> perMonday = new TreeMap<>();
      for (JsonNode r : reports) {
        assertEquals("ubnd.chu-tich", r.at("/recipient/id").asText());
        perMonday.merge(r.get("at").asText(), 1L, Long::sum);
      }
      assertTrue(perMonday.values().stream().allMatch(n -> n == 1), "one per Monday: " + perMonday);
      assertTrue(perMonday.keySet().containsAll(LIVE_MONDAYS), "the live Mondays: " + perMonday);
      assertTrue(
          reports.stream().filter(r -> at(r) < liveFrom).count() <= 1,
          "of the past, the latest only: " + perMonday);

      // a leader acknowledges from the newest digest: engine time, and once
      // (one whose latest line, in any leader's digests, still fires unacknowledged)
      Map<String, JsonNode> latest = new TreeMap<>();
      for (JsonNode d : digests)
        for (JsonNode a : d.get("alerts")) latest.put(a.get("alertId").asText(), a);
      String ackUrl = null;
      for (JsonNode d : digests)
        for (JsonNode a : d.get("alerts"))
          if (a.hasNonNull("ackUrl")
              && latest.get(a.get("alertId").asText()).hasNonNull("ackUrl")) {
            ackUrl = a.get("ackUrl").asText();
          }
      assertTrue(ackUrl != null, "an alert firing unacknowledged at the end");
      HttpResponse<String> confirmed = NotifierIT.confirm(ackUrl, "Đã giao xử lý");
      assertEquals(200, confirmed.statusCode(), confirmed.body());
      HttpResponse<String> again = NotifierIT.confirm(ackUrl, "Lần nữa");
      assertEquals(200, again.statusCode(), again.body());
      assertTrue(again.body().contains("Đã được "), again.body());
      List<JsonNode> acks = new ArrayList<>();
      for (var r : RealServices.readAll(NS.topic("alert-acks"))) acks.add(JSON.readTree(r.value()));
      assertEquals(1, acks.size(), "the second confirmation published nothing");
      long ackAt = time(acks.get(0).get("at").asText());
      assertTrue(ackAt >= liveFrom && ackAt <= end, "stamped with the simulated clock: " + ackAt);
      // stamped with the newest tick, it takes effect once the clock goes on past it (events of
      // that minute may still come); ack_seconds is the engine-time difference from the episode's
      // first notice
      RealServices.send(
          NS.topic("clock"), "test", "{\"at\": \"" + java.time.Instant.ofEpochMilli(end) + "\"}");
      String alertId = acks.get(0).get("alertId").asText();
      List<Map<String, Object>> applied = awaitAck(alertId);
      assertEquals(1, applied.size(), applied.toString());
      List<Map<String, Object>> firstNotice =
          RealServices.rows(
              NS.database(),
              "SELECT recipient FROM alert_notifications WHERE reason = 'firing' AND alert_id = '"
                  + alertId
                  + "' AND time >= "
                  + time(acks.get(0).get("since").asText())
                  + "ms ORDER BY time LIMIT 1");
      long notified = ((Number) firstNotice.get(0).get("time")).longValue();
      assertEquals(
          (ackAt - notified) / 1000.0,
          ((Number) applied.get(0).get("ack_seconds")).doubleValue(),
          applied + " after " + firstNotice);
    } finally {
      for (Process p : running) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
  }

  /**
   * The acknowledgement of {@code alertId} once the alerting job has applied it (at most 1 min).
   */
  private static List<Map<String, Object>> awaitAck(String alertId) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      List<Map<String, Object>> rows =
          RealServices.rows(
              NS.database(),
              "SELECT ack_seconds, recipient FROM alert_notifications WHERE reason = 'acknowledged'"
                  + " AND alert_id = '"
                  + alertId
                  + "'");
      if (!rows.isEmpty() || System.currentTimeMillis() > deadline) return rows;
      Thread.sleep(500);
    }
  }

  /** The reference programme from {@link #LIVE_FROM}, carrying on where {@code position} left. */
  private static void simulate(Path position, String... settings) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "simulate",
                "--programme",
                RealServices.PROJECT.resolve("deploy/programme/nghe-an-2024").toString(),
                "--start",
                LIVE_FROM,
                "--malformed",
                "0",
                "--position",
                position.toString(),
                "--topic",
                NS.topic("progress"),
                "--clock-topic",
                NS.topic("clock")));
    cmd.addAll(List.of(settings));
    RealServices.ioc(Duration.ofMinutes(3), cmd.toArray(new String[0]));
  }

  private static Process start(
      Map<String, String> env, Path state, String log, List<String> flags, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(args));
    cmd.addAll(flags);
    return RealServices.launcher(env, cmd.toArray(new String[0]))
        .redirectErrorStream(true)
        .redirectOutput(state.resolve(log).toFile())
        .start();
  }

  private static long at(JsonNode digest) {
    return time(digest.get("at").asText());
  }

  private static long time(String rfc3339) {
    return java.time.OffsetDateTime.parse(rfc3339).toInstant().toEpochMilli();
  }

  /**
   * Every digest delivered, once one matches {@code awaited} and none has come for 5 seconds since
   * (at most 2 minutes).
   */
  private static List<JsonNode> awaitQuiet(
      WebhookReceiver gateway, java.util.function.Predicate<JsonNode> awaited) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    int seen = -1;
    boolean arrived = false;
    long quietSince = System.currentTimeMillis();
    List<JsonNode> out = new ArrayList<>();
    while (System.currentTimeMillis() < deadline) {
      List<WebhookReceiver.Request> requests = gateway.requests();
      if (requests.size() != seen) {
        for (WebhookReceiver.Request r : requests.subList(Math.max(seen, 0), requests.size()))
          arrived |= awaited.test(JSON.readTree(r.body()));
        seen = requests.size();
        quietSince = System.currentTimeMillis();
      } else if (arrived && System.currentTimeMillis() - quietSince > 5_000) break;
      Thread.sleep(500);
    }
    for (WebhookReceiver.Request r : gateway.requests()) {
      assertTrue(WebhookReceiver.signatureValid(r, NotifierIT.WEBHOOK_SECRET));
      com.fasterxml.jackson.databind.node.ObjectNode d =
          (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(r.body());
      out.add(d.put("arrived", out.size()));
    }
    out.sort(java.util.Comparator.comparingLong(LeadersInboxIT::at));
    return out;
  }
}
