package vn.ioc.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import vn.ioc.clock.ClockTick;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.feed.Decoded;
import vn.ioc.indicators.IndicatorJson;
import vn.ioc.launcher.IocConfig;

/**
 * The alerting job on bounded input, parallelism 2: it raises exactly what the backtest ({@code
 * rules test}) says over the same updates, and refuses an invalid rule from the topic.
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

  @Test
  void theJobRaisesWhatTheBacktestSaysAndRefusesAnInvalidRule() throws Exception {
    List<String> lines = Files.readAllLines(BacktestTest.FIXTURES.resolve("indicators-day.jsonl"));
    String ruleText =
        Files.readString(BacktestTest.FIXTURES.resolve("online-rate.yaml"), StandardCharsets.UTF_8);
    Map<String, String> fileRules = RuleFiles.load(BacktestTest.FIXTURES);
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
    AlertingJob job = new AlertingJob(IocConfig.of(Map.of()), false, fileRules);
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
            .assignTimestampsAndWatermarks(AlertingJob.ruleWatermarks())
            .setParallelism(1);
    AlertingJob.Outputs out = job.build(indicators, ticks, rules);
    CloseableIterator<AlertEvent> events = out.events().collectAsync();
    CloseableIterator<DeadLetter> dead = out.deadLetters().collectAsync();
    env.execute("alerting-test");
    List<String> actual = new ArrayList<>();
    events.forEachRemaining(e -> actual.add(Backtest.show(e, HCM)));
    actual.sort(null);
    List<String> sortedExpected = new ArrayList<>(expected);
    sortedExpected.sort(null);
    assertEquals(sortedExpected, actual);
    assertEquals(4, actual.size());
    List<String> reasons = new ArrayList<>();
    dead.forEachRemaining(d -> reasons.add(d.reason + ": " + d.detail));
    assertEquals(List.of("invalid-rule: rule broken:1:1: missing direction"), reasons);
  }
}
