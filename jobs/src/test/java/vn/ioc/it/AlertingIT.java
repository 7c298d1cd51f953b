package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The alerting job on the real servers: a recorded morning of indicator updates on the bus, the
 * rule of a rules folder, a broken rule on {@code ioc.alert-rules}; {@code run alerting --bounded}
 * writes exactly the alerts {@code deploy/ioc rules test} prints for the same input, to {@code
 * ioc.alerts} and to InfluxDB, and dead-letters the broken rule, an update and an acknowledgement
 * stamped in year 9999.
 */
class AlertingIT {
  static final RealServices.Namespace NS = RealServices.Namespace.fresh("alerting");
  static final Path FIXTURES =
      RealServices.PROJECT.resolve("jobs/src/test/resources/fixtures/alerting");

  @AfterAll
  static void drop() {
    RealServices.dropNamespace(NS);
  }

  @Test
  void theJobWritesWhatTheBacktestPrints() throws Exception {
    RealServices.createTopics(
        NS,
        Map.of(
            "indicators", 3,
            "alert-rules", 1,
            "alert-acks", 1,
            "alert-silences", 1,
            "notifications", 1,
            "clock", 1,
            "alerts", 1,
            "deadletter", 1));
    RealServices.createDatabase(NS);
    Duration produce = Duration.ofMinutes(3);
    RealServices.ioc(
        produce,
        "produce",
        NS.topic("indicators"),
        FIXTURES.resolve("indicators-day.jsonl").toString(),
        "--key-field",
        "measurement");
    Path broken = Files.createTempFile("broken-rule-", ".jsonl");
    Files.writeString(
        broken,
        "{\"key\": \"broken\", \"value\": {\"id\": \"broken\", \"indicator\": {\"measurement\": \"m\", \"field\": \"f\"}}}\n");
    RealServices.ioc(produce, "produce", NS.topic("alert-rules"), broken.toString(), "--envelope");
    // a mistyped year on the bus and on an acknowledgement: refused, they move no clock
    RealServices.send(
        NS.topic("indicators"),
        "service_rates",
        "{\"measurement\": \"service_rates\", \"tags\": {\"province\": \"40\", \"scope\":"
            + " \"unit\", \"unit\": \"U1\", \"window\": \"1d\"}, \"windowStart\":"
            + " \"9999-10-15T00:00:00.000+07:00\", \"windowEnd\": \"9999-10-16T00:00:00.000+07:00\","
            + " \"fields\": {\"received\": 100, \"online\": 0, \"online_rate_pct\": 0.0}, \"asOf\":"
            + " \"9999-10-15T08:00:00.000+07:00\", \"final\": false}");
    RealServices.send(
        NS.topic("alert-acks"),
        "online-rate-today|unit=U1",
        "{\"alertId\": \"online-rate-today|unit=U1\", \"unit\": \"U1\", \"by\": \"lead.U1\","
            + " \"at\": \"9999-10-15T08:00:00+07:00\"}");

    List<String> run = new ArrayList<>(List.of("run", "alerting", "--bounded"));
    run.addAll(NS.jobFlags());
    run.add("--rules-dir=" + FIXTURES);
    RealServices.ioc(Duration.ofMinutes(5), run.toArray(new String[0]));

    String backtest =
        RealServices.ioc(
            Duration.ofMinutes(2),
            "rules",
            "test",
            FIXTURES.resolve("online-rate.yaml").toString(),
            FIXTURES.resolve("indicators-day.jsonl").toString());
    List<String> expected = backtest.lines().filter(l -> l.startsWith("2024-")).sorted().toList();
    assertEquals(4, expected.size(), backtest);

    ObjectMapper json = new ObjectMapper();
    List<String> alerts = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : RealServices.readAll(NS.topic("alerts"))) {
      JsonNode a = json.readTree(r.value());
      assertEquals(
          a.get("rule").asText() + " " + a.get("series").asText(),
          new String(r.key(), StandardCharsets.UTF_8));
      assertEquals(a.get("alertId").asText(), new String(r.key(), StandardCharsets.UTF_8));
      alerts.add(
          a.get("at").asText()
              + " "
              + a.get("state").asText()
              + " "
              + a.get("level").asText()
              + " "
              + a.get("rule").asText()
              + " "
              + a.get("series").asText()
              + (a.has("value") ? " value " + a.get("value").asDouble() : "")
              + (a.has("threshold") ? " threshold " + a.get("threshold").asDouble() : "")
              + " since "
              + a.get("startsAt").asText());
    }
    alerts.sort(null);
    assertEquals(expected, alerts);
    assertEquals(
        4,
        RealServices.rows(NS.database(), "SELECT * FROM alerts").size(),
        "the alert history in InfluxDB");
    assertEquals(
        Map.of("invalid-rule", 1, "future-period", 2),
        RealServices.deadLetterReasons(NS.topic("deadletter")));
    // a bounded recompute records who would have been told, and messages nobody
    assertEquals(
        4,
        RealServices.rows(NS.database(), "SELECT * FROM alert_notifications").size(),
        "the notices in InfluxDB");
    assertEquals(List.of(), RealServices.readAll(NS.topic("notifications")));
  }
}
