package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import vn.ioc.notifier.TlsRelay;
import vn.ioc.notifier.WebhookReceiver;

/**
 * From an indicator to a leader's inbox and back, on the real servers: the {@code alerting} job
 * live and the notifier, with a real HTTP gateway and a real mail relay in the test. Two agencies'
 * online rates drop at 09:00; each leader gets one signed webhook digest and one e-mail with an
 * acknowledgement link. The justice department's leader confirms the link; at 13:00 the education
 * department's alert, unacknowledged, escalates to the vice-chair in charge, and the justice
 * department's does not. At 13:40 the justice department recovers and its leader is told. The exact
 * sequence is checked on {@code ioc.alerts}, in InfluxDB, at the gateway and in the mailbox. The
 * ack page says what the alert is and who acknowledged it, and confirming the link again publishes
 * nothing. At 14:10 the justice department falls again: an ack of the morning's firing is a late
 * ack, and the new message's link acknowledges the new firing.
 */
class AlertDeliveryIT {
  static final RealServices.Namespace NS = RealServices.Namespace.fresh("delivery");
  static final ObjectMapper JSON = new ObjectMapper();
  static final String WEBHOOK_SECRET = NotifierIT.WEBHOOK_SECRET;
  static final String JUSTICE = "000.00.01.H40";
  static final String EDUCATION = "000.00.09.H40";

  static final String RULE =
      """
      id: online-rate-low
      description: Tỷ lệ hồ sơ trực tuyến thấp
      indicator: {measurement: service_rates, field: online_rate_pct}
      match: {scope: unit, window: 1d}
      direction: below
      warning: {threshold: 50, reset: 55}
      minVolume: {field: received, atLeast: 20}
      messages:
        firing: "{unit}: tỷ lệ trực tuyến {value}% dưới {threshold}% từ {since}. Xác nhận: {link}"
        resolved: "{unit}: tỷ lệ trực tuyến đã đạt {value}%."
      """;

  @AfterAll
  static void drop() {
    RealServices.dropNamespace(NS);
  }

  @Test
  void aLeaderIsToldAcknowledgesFromTheMessageAndOnlyTheUnacknowledgedAlertEscalates()
      throws Exception {
    RealServices.createTopics(
        NS,
        Map.of(
            "indicators", 3,
            "clock", 1,
            "alert-rules", 1,
            "alert-acks", 1,
            "alert-silences", 1,
            "notifications", 1,
            "alerts", 1,
            "deadletter", 1));
    RealServices.createDatabase(NS);
    Path state = RealServices.PROJECT.resolve(".runtime/it/" + NS.id());
    Path rules = state.resolve("rules");
    Files.createDirectories(rules);
    Files.writeString(rules.resolve("delivery.yaml"), RULE, StandardCharsets.UTF_8);
    Path runtime = state.resolve("runtime");
    Files.createDirectories(runtime.resolve("flink"));
    int port = RealServices.freePort();
    String publicUrl = "http://127.0.0.1:" + port;
    List<String> flags = NS.jobFlags().stream().filter(f -> !f.startsWith("--state-dir=")).toList();

    try (WebhookReceiver gateway = new WebhookReceiver();
        TlsRelay relay = TlsRelay.smtps()) {
      Path config = NotifierIT.config(state, gateway, relay, port);
      Map<String, String> env = Map.of("IOC_RUNTIME_DIR", runtime.toString());
      List<String> job = new ArrayList<>(List.of("run", "alerting"));
      job.addAll(flags);
      job.add("--rules-dir=" + rules);
      job.add("--idle-timeout=PT2S");
      // the simulated morning's clock; its jumps of four and a half hours are not a backlog to
      // catch up on
      job.add("--clock=ticks");
      job.add("--alerting.catch-up-lag=PT5H");
      Process alerting =
          RealServices.launcher(env, job.toArray(new String[0]))
              .redirectErrorStream(true)
              .redirectOutput(state.resolve("alerting.log").toFile())
              .start();
      // the simulated morning's clock: acknowledgements are stamped with its newest tick
      List<String> notifierArgs =
          new ArrayList<>(List.of("run", "notifier", "--config=" + config, "--clock=ticks"));
      notifierArgs.addAll(flags);
      Process notifier =
          RealServices.launcher(
                  Map.of(
                      "IOC_RUNTIME_DIR",
                      runtime.toString(),
                      NotifierIT.TRUST_STORE_PASSWORD,
                      NotifierIT.RELAY_PASSWORD),
                  notifierArgs.toArray(new String[0]))
              .redirectErrorStream(true)
              .redirectOutput(state.resolve("notifier.log").toFile())
              .start();
      try {
        // the clock runs before the morning starts: the live edge is known before any notice
        tick("08:55");
        // 09:00: both agencies below 50 %; the clock moves on to 09:05
        update(JUSTICE, 40, 30, "09:00");
        update(EDUCATION, 35, 25, "09:00");
        tick("09:05");
        List<WebhookReceiver.Request> first = gateway.awaitRequests(2, Duration.ofMinutes(3));
        assertEquals(2, first.size(), "one digest per leader");
        Map<String, JsonNode> byRecipient = new java.util.TreeMap<>();
        for (WebhookReceiver.Request r : first) {
          assertTrue(WebhookReceiver.signatureValid(r, WEBHOOK_SECRET));
          JsonNode body = JSON.readTree(r.body());
          assertEquals(body.get("notificationId").asText(), r.header("Idempotency-Key"));
          byRecipient.put(body.at("/recipient/id").asText(), body);
        }
        assertEquals(List.of("lead.01", "lead.09"), List.copyOf(byRecipient.keySet()));
        JsonNode justice = byRecipient.get("lead.01").at("/alerts/0");
        String ackUrl = justice.get("ackUrl").asText();
        assertTrue(ackUrl.startsWith(publicUrl + "/ack?t="), ackUrl);
        assertEquals(
            "Sở Tư pháp: tỷ lệ trực tuyến 40% dưới 50% từ 09:00 15/10/2024. Xác nhận: " + ackUrl,
            justice.get("message").asText());
        assertEquals("firing", justice.get("reason").asText());
        assertEquals(0, justice.get("escalationStep").asInt());

        List<MimeMessage> mails = relay.awaitMessages(2, Duration.ofMinutes(1));
        Map<String, MimeMessage> mailTo = new java.util.TreeMap<>();
        for (MimeMessage m : mails) mailTo.put(TlsRelay.to(m).get(0), m);
        assertEquals(
            List.of("lead.01@ioc.nghean.example", "lead.09@ioc.nghean.example"),
            List.copyOf(mailTo.keySet()));
        MimeMessage mail = mailTo.get("lead.01@ioc.nghean.example");
        assertEquals("[IOC Nghệ An] 1 cảnh báo mới", mail.getSubject());
        String text = TlsRelay.body(mail);
        assertTrue(
            text.contains(
                "Sở Tư pháp: tỷ lệ trực tuyến 40% dưới 50% từ 09:00 15/10/2024."
                    + " Xác nhận: "
                    + ackUrl),
            text);

        // the justice department's leader confirms from the message
        HttpResponse<String> confirmed = NotifierIT.confirm(ackUrl, "Đã chỉ đạo");
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        awaitAlert("ACKNOWLEDGED", Duration.ofMinutes(2));
        // the page says what the alert is and who acknowledged it; the link again publishes nothing
        String page =
            NotifierIT.awaitPage(ackUrl, "<p><strong>Tỷ lệ hồ sơ trực tuyến thấp</strong></p>");
        String said = "<p>Đã được Giám đốc Sở Tư pháp xác nhận lúc 09:05 15/10/2024.</p>";
        assertTrue(page.contains("<li>Đơn vị: Sở Tư pháp</li>\n"), page);
        assertTrue(page.contains(said), page);
        HttpResponse<String> again = NotifierIT.confirm(ackUrl, "Lần nữa");
        assertEquals(200, again.statusCode());
        assertTrue(again.body().contains(said), again.body());
        assertEquals(1, RealServices.readAll(NS.topic("alert-acks")).size());

        // 13:30: four hours since the first notices; 13:40 the justice department recovers
        tick("13:30");
        update(JUSTICE, 60, 40, "13:40");
        tick("14:00");
        List<WebhookReceiver.Request> all = gateway.awaitRequests(4, Duration.ofMinutes(3));
        List<String> told = new ArrayList<>();
        for (WebhookReceiver.Request r : all) {
          assertTrue(WebhookReceiver.signatureValid(r, WEBHOOK_SECRET));
          JsonNode body = JSON.readTree(r.body());
          for (JsonNode a : body.get("alerts"))
            told.add(
                body.get("at").asText().substring(0, 16)
                    + " "
                    + body.at("/recipient/id").asText()
                    + " "
                    + a.get("reason").asText()
                    + " "
                    + a.get("unit").asText()
                    + " step "
                    + a.get("escalationStep").asInt()
                    + (a.has("ackUrl") && !a.get("ackUrl").isNull() ? " with link" : ""));
        }
        told.sort(null);
        assertEquals(
            List.of(
                "2024-10-15T09:01 lead.01 firing 000.00.01.H40 step 0 with link",
                "2024-10-15T09:01 lead.09 firing 000.00.09.H40 step 0 with link",
                "2024-10-15T13:01 ubnd.pct-vanxa escalation 000.00.09.H40 step 1 with link",
                "2024-10-15T13:41 lead.01 resolved 000.00.01.H40 step 0"),
            told);
        assertEquals(4, relay.awaitMessages(4, Duration.ofMinutes(1)).size());
        assertEquals(
            List.of("ubnd.pct-vanxa@ioc.nghean.example"), TlsRelay.to(relay.messages().get(2)));

        assertEquals(
            List.of(
                "2024-10-15T09:00 FIRING 000.00.01.H40 step 0 [lead.01]",
                "2024-10-15T09:00 FIRING 000.00.09.H40 step 0 [lead.09]",
                // stamped with the engine's clock: its newest tick, 09:05
                "2024-10-15T09:05 ACKNOWLEDGED 000.00.01.H40 step 0 [lead.01] by lead.01",
                "2024-10-15T13:00 FIRING 000.00.09.H40 step 1 [lead.09, ubnd.pct-vanxa]",
                "2024-10-15T13:40 RESOLVED 000.00.01.H40 step 0 [lead.01] by lead.01"),
            alerts());
        Map<String, Long> notices = new java.util.TreeMap<>();
        for (Map<String, Object> row :
            RealServices.rows(
                NS.database(), "SELECT count(alert_id) FROM alert_notifications GROUP BY reason"))
          notices.put((String) row.get("reason"), ((Number) row.get("count")).longValue());
        assertEquals(
            Map.of("firing", 2L, "acknowledged", 1L, "escalation", 1L, "resolved", 1L), notices);
        List<Map<String, Object>> ack =
            RealServices.rows(
                NS.database(),
                "SELECT ack_seconds, recipient, comment FROM alert_notifications"
                    + " WHERE reason = 'acknowledged'");
        assertEquals("lead.01", ack.get(0).get("recipient"));
        assertEquals("Đã chỉ đạo", ack.get(0).get("comment"));
        assertEquals(300.0, ((Number) ack.get(0).get("ack_seconds")).doubleValue(), ack.toString());
        assertEquals(
            5, RealServices.rows(NS.database(), "SELECT * FROM alerts").size(), "alert history");

        // 14:10 the justice department falls again: a new episode with a link of its own; an ack
        // of the morning's episode (since 09:00), applied first, does not acknowledge it
        update(JUSTICE, 42, 30, "14:10");
        tick("14:15");
        JsonNode refired = awaitDigest(5, gateway).at("/alerts/0");
        assertEquals("2024-10-15T14:10:00.000+07:00", refired.get("since").asText());
        RealServices.send(
            NS.topic("alert-acks"),
            justice.get("alertId").asText(),
            "{\"alertId\": \""
                + justice.get("alertId").asText()
                + "\", \"unit\": \""
                + JUSTICE
                + "\", \"by\": \"lead.01\", \"at\": \"2024-10-15T14:12:00+07:00\","
                + " \"since\": \"2024-10-15T09:00:00+07:00\"}");
        HttpResponse<String> newLink = NotifierIT.confirm(refired.get("ackUrl").asText(), "");
        assertTrue(
            newLink.body().contains("<h1>Đã ghi nhận xác nhận của bạn</h1>"), newLink.body());
        tick("14:20");
        awaitAlert("14:15 ACKNOWLEDGED", Duration.ofMinutes(2));
        assertEquals(
            List.of(
                "2024-10-15T09:05 acknowledged lead.01 since 2024-10-15T09:00",
                "2024-10-15T14:12 late-ack lead.01 since 2024-10-15T09:00",
                "2024-10-15T14:15 acknowledged lead.01 since 2024-10-15T14:10"),
            awaitAcks(3));
      } catch (Throwable t) {
        throw new AssertionError(
            t
                + "\nioc.alerts: "
                + alerts()
                + "\nthe alerting job's log:\n"
                + tail(state.resolve("alerting.log"))
                + "\n"
                + tail(runtime.resolve("logs/jobs.log"))
                + "\nthe notifier's log:\n"
                + tail(state.resolve("notifier.log")),
            t);
      } finally {
        for (Process p : List.of(notifier, alerting)) {
          p.descendants().forEach(ProcessHandle::destroy);
          p.destroy();
        }
        for (Process p : List.of(notifier, alerting)) {
          if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
          }
        }
      }
    }
  }

  /** "time reason recipient since episode" of the acks in alert_notifications, once there are n. */
  static List<String> awaitAcks(int n) throws Exception {
    java.time.ZoneId hcm = java.time.ZoneId.of("Asia/Ho_Chi_Minh");
    List<String> acks = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 60_000;
    while (acks.size() < n && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
      acks.clear();
      for (Map<String, Object> row :
          RealServices.rows(
              NS.database(),
              "SELECT since_ms, recipient, reason FROM alert_notifications"
                  + " WHERE reason = 'acknowledged' OR reason = 'late-ack'"))
        acks.add(
            vn.ioc.calendar.Rfc3339.format(((Number) row.get("time")).longValue(), hcm)
                    .substring(0, 16)
                + " "
                + row.get("reason")
                + " "
                + row.get("recipient")
                + " since "
                + vn.ioc.calendar.Rfc3339.format(((Number) row.get("since_ms")).longValue(), hcm)
                    .substring(0, 16));
    }
    acks.sort(null);
    return acks;
  }

  /** The body of the {@code n}th digest at the gateway, once it came. */
  static JsonNode awaitDigest(int n, WebhookReceiver gateway) throws Exception {
    List<WebhookReceiver.Request> all = gateway.awaitRequests(n, Duration.ofMinutes(3));
    assertEquals(n, all.size(), "digests");
    return JSON.readTree(all.get(n - 1).body());
  }

  static String tail(Path log) throws Exception {
    if (!Files.exists(log)) return "(none)";
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /** An indicator update of the bus, as the submissions job writes it. */
  static void update(String unit, double rate, long received, String local) throws Exception {
    String at = "2024-10-15T" + local + ":00.000+07:00";
    RealServices.send(
        NS.topic("indicators"),
        "service_rates,scope=unit,unit=" + unit + ",window=1d",
        "{\"measurement\":\"service_rates\",\"tags\":{\"province\":\"40\",\"scope\":\"unit\","
            + "\"unit\":\""
            + unit
            + "\",\"window\":\"1d\"},\"windowStart\":\"2024-10-15T00:00:00.000+07:00\","
            + "\"windowEnd\":\"2024-10-16T00:00:00.000+07:00\",\"fields\":{\"received\":"
            + received
            + ",\"online_rate_pct\":"
            + rate
            + "},\"asOf\":\""
            + at
            + "\",\"final\":false}");
  }

  static void tick(String local) throws Exception {
    RealServices.send(NS.topic("clock"), "test", "{\"at\":\"2024-10-15T" + local + ":00+07:00\"}");
  }

  /** "time state unit step recipients [by]" of every alert on ioc.alerts, in order. */
  static List<String> alerts() throws Exception {
    List<String> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : RealServices.readAll(NS.topic("alerts"))) {
      JsonNode a = JSON.readTree(r.value());
      List<String> recipients = new ArrayList<>();
      a.get("recipients").forEach(x -> recipients.add(x.asText()));
      String state = a.get("state").asText();
      out.add(
          a.get("at").asText().substring(0, 16)
              + " "
              + state
              + " "
              + a.get("unit").asText()
              + " step "
              + a.get("escalationStep").asInt()
              + " "
              + recipients
              + (a.has("acknowledgedBy") ? " by " + a.get("acknowledgedBy").asText() : ""));
    }
    out.sort(null);
    return out;
  }

  static void awaitAlert(String state, Duration timeout) throws Exception {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    while (System.currentTimeMillis() < deadline) {
      for (String a : alerts()) if (a.contains(state)) return;
      Thread.sleep(500);
    }
    throw new AssertionError("no " + state + " on ioc.alerts: " + alerts());
  }
}
