package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    // the leader acknowledges U1's alert at 10:15, in the middle of its episode; the ack is read
    // before any update (a recompute reads each input as fast as it can)
    RealServices.send(
        NS.topic("alert-acks"),
        U1_ALERT,
        "{\"alertId\": \""
            + U1_ALERT
            + "\", \"unit\": \"U1\", \"by\": \"lead.U1\","
            + " \"at\": \"2024-10-15T10:15:00+07:00\"}");

    runBounded(NS.database(), NS.topic("alerts"), 2);

    // what rules test prints for the same input and the same ack
    Path ack = Files.createTempFile("ack-", ".jsonl");
    Files.writeString(
        ack,
        "{\"alertId\": \""
            + U1_ALERT
            + "\", \"unit\": \"U1\", \"by\": \"lead.U1\","
            + " \"at\": \"2024-10-15T10:15:00+07:00\"}\n");
    List<String> backtest =
        RealServices.ioc(
                Duration.ofMinutes(2),
                "rules",
                "test",
                FIXTURES.resolve("online-rate.yaml").toString(),
                FIXTURES.resolve("indicators-day.jsonl").toString(),
                "--acks",
                ack.toString())
            .lines()
            .filter(l -> l.startsWith("2024-"))
            .toList();
    String u1 = "service_rates,province=40,scope=unit,unit=U1,window=1d";
    // U1 and U2 have no chain of their own: the duty officer; the ack stops U1's escalation
    assertEquals(
        List.of(
            "2024-10-15T09:30:00.000+07:00 FIRING warning online-rate-today "
                + u1
                + " value 43.75 threshold 50.0 since 2024-10-15T09:00:00.000+07:00 to"
                + " [ioc.truc-ban]",
            "2024-10-15T10:00:00.000+07:00 FIRING critical online-rate-today "
                + u1
                + " value 27.5 threshold 30.0 since 2024-10-15T09:00:00.000+07:00 to"
                + " [ioc.truc-ban]",
            "2024-10-15T10:05:00.000+07:00 FIRING nodata online-rate-today"
                + " service_rates,province=40,scope=unit,unit=U2,window=1d since"
                + " 2024-10-15T10:05:00.000+07:00 to [ioc.truc-ban]",
            "2024-10-15T10:15:00.000+07:00 ACKNOWLEDGED critical online-rate-today "
                + u1
                + " value 27.5 threshold 30.0 since 2024-10-15T09:00:00.000+07:00 by lead.U1 to"
                + " [ioc.truc-ban]",
            "2024-10-15T11:00:00.000+07:00 RESOLVED critical online-rate-today "
                + u1
                + " value 55.0 threshold 35.0 since 2024-10-15T09:00:00.000+07:00 by lead.U1 to"
                + " [ioc.truc-ban]"),
        AlertLines.events(backtest));
    List<String> alerts = AlertLines.alerts(NS.topic("alerts"));
    assertEquals(AlertLines.events(backtest), alerts);
    assertEquals(
        5,
        RealServices.rows(NS.database(), "SELECT * FROM alerts").size(),
        "the alert history in InfluxDB");
    assertEquals(
        Map.of("invalid-rule", 1, "future-period", 2),
        RealServices.deadLetterReasons(NS.topic("deadletter")));
    // a bounded recompute records who would have been told, and messages nobody
    List<String> told = AlertLines.notices(NS.database());
    assertEquals(AlertLines.noticesOf(backtest), told, "who would have been told");
    assertEquals(4, told.size(), String.join("\n", told));
    assertEquals(List.of("2024-10-15T10:15 acknowledged lead.U1"), AlertLines.acks(NS.database()));
    assertEquals(List.of(), RealServices.readAll(NS.topic("notifications")));

    // the same input at parallelism 1 decides exactly alike
    String oneDb = NS.database() + "_p1";
    RealServices.createDatabase(oneDb);
    RealServices.createTopics(NS, Map.of("alerts-p1", 1));
    runBounded(oneDb, NS.topic("alerts-p1"), 1);
    assertEquals(alerts, AlertLines.alerts(NS.topic("alerts-p1")));
    assertEquals(told, AlertLines.notices(oneDb));
  }

  static final String U1_ALERT =
      "online-rate-today service_rates,province=40,scope=unit,unit=U1,window=1d";

  static void runBounded(String database, String alertsTopic, int parallelism) throws Exception {
    runBounded(NS, FIXTURES, database, alertsTopic, parallelism);
  }

  /** {@code run alerting --bounded} over a namespace's topics, into a database and alerts topic. */
  static void runBounded(
      RealServices.Namespace ns, Path rules, String database, String alertsTopic, int parallelism)
      throws Exception {
    List<String> run = new ArrayList<>(List.of("run", "alerting", "--bounded"));
    run.addAll(ns.jobFlags());
    run.add("--rules-dir=" + rules);
    run.add("--influx.db=" + database);
    run.add("--topic.alerts=" + alertsTopic);
    run.add("--parallelism=" + parallelism);
    run.add(
        "--state-dir="
            + RealServices.PROJECT.resolve(".runtime/it/" + ns.id() + "/p" + parallelism));
    RealServices.ioc(Duration.ofMinutes(5), run.toArray(new String[0]));
  }
}
