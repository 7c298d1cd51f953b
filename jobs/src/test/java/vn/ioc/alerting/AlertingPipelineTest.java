package vn.ioc.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.networknt.schema.JsonSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.ioc.alerting.job.AlertingJob;
import vn.ioc.calendar.Rfc3339;
import vn.ioc.clock.ClockTick;
import vn.ioc.config.IocConfig;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.dispatch.Ack;
import vn.ioc.dispatch.Notification;
import vn.ioc.dispatch.NotificationJson;
import vn.ioc.dispatch.Silence;
import vn.ioc.dispatch.SilenceDeserializer;
import vn.ioc.feed.Decoded;
import vn.ioc.indicators.IndicatorJson;
import vn.ioc.influx.InfluxPoint;
import vn.ioc.launcher.JobRunner;
import vn.ioc.submissions.SubmissionContractTest;
import vn.ioc.tools.ProjectFiles;

/**
 * The alerting job on bounded input, parallelism 2: it raises exactly what the backtest ({@code
 * rules test}) says over the same updates, refuses an invalid rule from the topic, routes the
 * alerts to the default chain, groups the notices into digests by notice time, and writes what its
 * contracts ({@code alert.schema.json}, {@code notification.schema.json}) say.
 */
class AlertingPipelineTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");

  /** The default province's people, chains, unit names and calendar, as the launcher loads them. */
  static final Province PROVINCE =
      JobRunner.province(
          IocConfig.of(
              Map.of(
                  "reference-dir",
                  ProjectFiles.root().resolve("deploy/reference/nghe-an").toString(),
                  "calendar-dir",
                  ProjectFiles.root().resolve("deploy/calendar").toString())));

  @Test
  void theJobRaisesWhatTheBacktestSaysAndRefusesAnInvalidRule() throws Exception {
    List<String> lines =
        Files.readAllLines(vn.ioc.tools.BacktestTest.FIXTURES.resolve("indicators-day.jsonl"));
    String ruleText =
        Files.readString(
            vn.ioc.tools.BacktestTest.FIXTURES.resolve("online-rate.yaml"), StandardCharsets.UTF_8);
    Map<String, String> fileRules = RuleFiles.load(vn.ioc.tools.BacktestTest.FIXTURES);
    assertEquals(List.of("online-rate-today"), List.copyOf(fileRules.keySet()));

    Backtest backtest = new Backtest(RuleParser.parse(ruleText));
    List<Decoded<Observed>> updates = new ArrayList<>();
    long offset = 0;
    for (String line : lines) {
      IndicatorJson.Message m = IndicatorJson.decode(line.getBytes(StandardCharsets.UTF_8));
      backtest.update(m);
      updates.add(Decoded.valid(Observed.of(m), 0, offset++));
    }
    List<String> expected = backtest.events().stream().map(e -> Backtest.show(e, HCM)).toList();

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    AlertingJob job =
        new AlertingJob(IocConfig.of(Map.of()), false, AlertingJob.Rules.of(fileRules), PROVINCE);
    var indicators =
        env.fromData(AlertingJob.DECODED_INDICATORS, updates.toArray(new Decoded[0]))
            .assignTimestampsAndWatermarks(job.<Observed>watermarks())
            .setParallelism(1);
    var ticks =
        env.fromData(
                AlertingJob.DECODED_TICKS,
                new Decoded[] {Decoded.valid(new ClockTick(0, "test"), 0, 0)})
            .assignTimestampsAndWatermarks(job.<ClockTick>watermarks())
            .setParallelism(1);
    var rules =
        env.fromData(
                TypeInformation.of(Control.class),
                Control.rule("broken", "id: broken\nindicator: {measurement: m, field: f}\n"))
            .assignTimestampsAndWatermarks(AlertingJob.<Control>withoutEventTime())
            .setParallelism(1);
    var acks =
        env.fromData(
                AlertingJob.DECODED_ACKS,
                new Decoded[] {
                  Decoded.valid(
                      Ack.of(
                          "no-such-alert",
                          "U1",
                          "lead.01",
                          java.time.OffsetDateTime.parse("2024-10-15T12:00:00+07:00")
                              .toInstant()
                              .toEpochMilli(),
                          null),
                      0,
                      0)
                })
            .assignTimestampsAndWatermarks(AlertingJob.<Decoded<Ack>>withoutEventTime())
            .setParallelism(1);
    var silences =
        env.fromData(
                SilenceDeserializer.DECODED,
                new Decoded[] {Decoded.valid(Silence.deleted("none"), 0, 0)})
            .assignTimestampsAndWatermarks(AlertingJob.<Decoded<Silence>>withoutEventTime())
            .setParallelism(1);
    AlertingJob.Outputs out = job.build(indicators, ticks, rules, acks, silences);
    CloseableIterator<AlertEvent> events = out.alerts().collectAsync();
    CloseableIterator<DeadLetter> dead = out.deadLetters().collectAsync();
    CloseableIterator<Notification> digests = out.notifications().collectAsync();
    CloseableIterator<InfluxPoint> records = out.records().collectAsync();
    env.execute("alerting-test");
    List<String> actual = new ArrayList<>();
    List<AlertEvent> alertList = new ArrayList<>();
    events.forEachRemaining(alertList::add);
    for (AlertEvent e : alertList) {
      actual.add(Backtest.show(e, HCM));
      assertValid(ALERT, AlertOutputs.json(e, HCM));
    }
    actual.sort(null);
    List<String> sortedExpected = new ArrayList<>(expected);
    sortedExpected.sort(null);
    assertEquals(sortedExpected, actual);
    assertEquals(4, actual.size());
    List<String> reasons = new ArrayList<>();
    dead.forEachRemaining(d -> reasons.add(d.reason + ": " + d.detail));
    assertEquals(List.of("invalid-rule: rule broken:1:1: missing direction"), reasons);
    // the digests, to the duty officer (U1 and U2 have no chain of their own), by notice time
    List<String> sent = new ArrayList<>();
    List<Notification> digestList = new ArrayList<>();
    digests.forEachRemaining(digestList::add);
    for (Notification n : digestList) {
      assertValid(NOTIFICATION, NotificationJson.encode(n, HCM));
      n.alerts.forEach(
          a ->
              sent.add(
                  Rfc3339.format(n.at, HCM)
                      + " "
                      + n.recipient
                      + " "
                      + a.reason
                      + " "
                      + a.unit
                      + " "
                      + a.message));
    }
    sent.sort(null);
    assertEquals(
        List.of(
            "2024-10-15T09:31:00.000+07:00 ioc.truc-ban firing U1"
                + " U1: online-rate-today: 43,75 % (ngưỡng 50 %), từ 09:00 15/10/2024.",
            "2024-10-15T10:01:00.000+07:00 ioc.truc-ban firing U1"
                + " U1: online-rate-today: 27,5 % (ngưỡng 30 %), từ 09:00 15/10/2024.",
            "2024-10-15T10:06:00.000+07:00 ioc.truc-ban firing U2"
                + " U2: online-rate-today: không có số liệu từ 08:05 15/10/2024.",
            "2024-10-15T11:01:00.000+07:00 ioc.truc-ban resolved U1"
                + " U1: hết cảnh báo «online-rate-today»: nay 55 % (ngưỡng 35 %), sau 2 giờ."),
        sent);
    List<String> recorded = new ArrayList<>();
    records.forEachRemaining(
        p ->
            recorded.add(
                Rfc3339.format(p.timeMillis, HCM)
                    + " "
                    + p.tags.get("reason")
                    + " "
                    + p.tags.get("unit")
                    + " "
                    + p.stringFields.get("recipient")
                    + " "
                    + p.stringFields.get("level")));
    recorded.sort(null);
    assertEquals(
        List.of(
            "2024-10-15T09:30:00.000+07:00 firing U1 ioc.truc-ban warning",
            "2024-10-15T10:00:00.000+07:00 firing U1 ioc.truc-ban critical",
            "2024-10-15T10:05:00.000+07:00 firing U2 ioc.truc-ban nodata",
            "2024-10-15T11:00:00.000+07:00 resolved U1 ioc.truc-ban critical",
            "2024-10-15T12:00:00.000+07:00 late-ack U1 lead.01 null"),
        recorded);
  }

  static final JsonSchema ALERT = SubmissionContractTest.schema("alert.schema.json");
  static final JsonSchema NOTIFICATION = SubmissionContractTest.schema("notification.schema.json");

  /** What the job writes keeps its published contract. */
  static void assertValid(JsonSchema schema, byte[] json) throws Exception {
    assertEquals(
        java.util.Set.of(),
        schema.validate(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)),
        new String(json, StandardCharsets.UTF_8));
  }
}
