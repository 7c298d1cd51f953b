package vn.ioc.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import vn.ioc.clock.ClockStop;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.deadletter.DeadLetters;

/** Rules changing under a running series: replaced, refused (the old one stays), deleted. */
class RuleEvaluationTest {
  static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
  static final String RULE =
      """
      {"id": "online-rate-today",
       "indicator": {"measurement": "service_rates", "field": "online_rate_pct"},
       "match": {"scope": "unit", "window": "1d"},
       "direction": "below",
       "warning": {"threshold": 50, "reset": 55}, "critical": {"threshold": 30, "reset": 35},
       "minVolume": {"field": "received", "atLeast": 20}%s}
      """;

  static final AlertMessages MESSAGES = new AlertMessages(Map.of("U1", "Sở Thử nghiệm"), "40", HCM);

  static long at(String local) {
    return LocalDateTime.parse("2024-10-15T" + local).atZone(HCM).toInstant().toEpochMilli();
  }

  static Observed update(String local, double rate) {
    Observed o = new Observed();
    o.measurement = "service_rates";
    o.tags = Map.of("scope", "unit", "window", "1d", "unit", "U1");
    o.series = "service_rates,scope=unit,unit=U1,window=1d";
    o.fields = Map.of("received", 40.0, "online_rate_pct", rate);
    o.asOf = at(local);
    return o;
  }

  /**
   * Rule evaluation of {@code rules} (the folder's) and {@code published} (the topic's), opened.
   */
  static KeyedBroadcastOperatorTestHarness<String, Observed, Control, AlertEvent> harness(
      Map<String, String> rules, Map<String, RuleVersions> published) throws Exception {
    RuleEvaluation f =
        new RuleEvaluation(rules, published, MESSAGES, "alerting", ClockStop.NO_UNTIL);
    var h =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            f, o -> o.series, Types.STRING, RuleEvaluation.RULES, ClockStop.STATE);
    h.open();
    return h;
  }

  /** An update, and the watermark reaching it: it is judged then. */
  static void send(
      KeyedBroadcastOperatorTestHarness<String, Observed, Control, AlertEvent> h, Observed o)
      throws Exception {
    h.processElement(o, o.asOf);
    h.watermark(o.asOf);
  }

  @Test
  void aRuleReplacedMidStreamAppliesAtOnceAnInvalidOneLeavesTheOldAndADeletionEndsIt()
      throws Exception {
    try (var h =
        harness(Map.of("online-rate-today", RULE.formatted(", \"for\": \"30m\"")), Map.of())) {
      send(h, update("09:00", 45)); // pending: for 30m
      h.processBroadcastElement(
          Control.rule("online-rate-today", RULE.formatted(", \"for\": \"0s\"")), 0);
      send(h, update("09:10", 45)); // fires at once under the new version
      h.processBroadcastElement(
          Control.rule(
              "online-rate-today",
              RULE.formatted("").replace("\"reset\": 55", "\"reset\": 45")), // refused
          0);
      send(h, update("09:20", 29)); // the previous version: critical
      h.processBroadcastElement(Control.rule("online-rate-today", null), 0); // deleted
      send(h, update("09:40", 10)); // no rule: nothing
      assertEquals(
          List.of(
              "2024-10-15T09:10:00.000+07:00 FIRING warning online-rate-today"
                  + " service_rates,scope=unit,unit=U1,window=1d value 45.0 threshold 50.0"
                  + " since 2024-10-15T09:00:00.000+07:00",
              "2024-10-15T09:20:00.000+07:00 FIRING critical online-rate-today"
                  + " service_rates,scope=unit,unit=U1,window=1d value 29.0 threshold 30.0"
                  + " since 2024-10-15T09:00:00.000+07:00"),
          h.extractOutputValues().stream().map(e -> Backtest.show(e, HCM)).toList());
      List<String> refused =
          h.getSideOutput(DeadLetters.TAG).stream()
              .map(StreamRecord::getValue)
              .map((DeadLetter d) -> d.reason + " " + d.sourceKey)
              .toList();
      assertEquals(List.of("invalid-rule online-rate-today"), refused);
    }
  }

  /** The folder's version (threshold 50) until 10:00, then the topic's (threshold 40). */
  static final String LOWER =
      RULE.formatted("")
          .replace("\"threshold\": 50, \"reset\": 55", "\"threshold\": 40, \"reset\": 42");

  static Control lowered() {
    Control c = Control.rule("online-rate-today", LOWER);
    c.effectiveFrom = at("10:00");
    return c;
  }

  /** Runs the updates of 09:30 and 10:30 with the lowered version sent at {@code versionAt}. */
  static List<String> judged(int versionAt, Map<String, RuleVersions> published) throws Exception {
    try (var h = harness(Map.of("online-rate-today", RULE.formatted("")), published)) {
      List<Observed> updates = List.of(update("09:30", 45), update("10:30", 45));
      for (int i = 0; i <= updates.size(); i++) {
        if (i == versionAt) h.processBroadcastElement(lowered(), 0);
        if (i < updates.size()) h.processElement(updates.get(i), updates.get(i).asOf);
      }
      h.watermark(Long.MAX_VALUE);
      return h.extractOutputValues().stream().map(e -> Backtest.show(e, HCM)).toList();
    }
  }

  @Test
  void aVersionJudgesTheUpdatesFromItsTimeWhicheverIsReadFirst() throws Exception {
    List<String> expected =
        List.of(
            "2024-10-15T09:30:00.000+07:00 FIRING warning online-rate-today"
                + " service_rates,scope=unit,unit=U1,window=1d value 45.0 threshold 50.0"
                + " since 2024-10-15T09:30:00.000+07:00",
            "2024-10-15T10:30:00.000+07:00 RESOLVED warning online-rate-today"
                + " service_rates,scope=unit,unit=U1,window=1d value 45.0 threshold 42.0"
                + " since 2024-10-15T09:30:00.000+07:00");
    assertEquals(expected, judged(0, Map.of()), "the version read before both updates");
    assertEquals(expected, judged(1, Map.of()), "the version read between them");
    // read after both: only a version already published when the job was built can count
    RuleVersions published = RuleEvaluation.next(null, true, lowered());
    assertEquals(expected, judged(2, Map.of("online-rate-today", published)), "published");
  }

  /** A record of the rules topic, stamped {@code created-at} when {@code stamp} is not null. */
  static Control fromTopic(String text, String stamp) {
    var r =
        new org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>(
            "ioc.alert-rules",
            0,
            7,
            "online-rate-today".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            text == null ? null : text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    if (stamp != null)
      r.headers()
          .add(
              vn.ioc.clock.ControlStamp.HEADER,
              stamp.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return new ControlDeserializer().control(r);
  }

  @Test
  void aRuleIsInForceFromItsStampNeverFromItsKafkaTimestamp() throws Exception {
    assertEquals(at("10:00"), fromTopic(LOWER, "2024-10-15T10:00:00+07:00").effectiveFrom);
    assertEquals(Long.MIN_VALUE, fromTopic(LOWER, null).effectiveFrom, "from the start of time");
    assertEquals(Long.MIN_VALUE, fromTopic(null, null).effectiveFrom);
    Control bad = fromTopic(LOWER, "10:00 hôm nay");
    try (var h = harness(Map.of("online-rate-today", RULE.formatted("")), Map.of())) {
      h.processBroadcastElement(bad, 0);
      assertEquals(
          List.of("invalid-rule online-rate-today"),
          h.getSideOutput(DeadLetters.TAG).stream()
              .map(StreamRecord::getValue)
              .map((DeadLetter d) -> d.reason + " " + d.sourceKey)
              .toList());
    }
    // stamped 10:00 and read before both updates of judged(): in force from 10:00 only
    RuleVersions v = RuleEvaluation.next(null, true, fromTopic(LOWER, "2024-10-15T10:00:00+07:00"));
    assertEquals(List.of(at("10:00")), v.from);
    // an unstamped version replaces every version: in force from the start
    v = RuleEvaluation.next(v, true, fromTopic(LOWER, null));
    assertEquals(List.of(Long.MIN_VALUE), v.from);
    // an unstamped deletion too
    v = RuleEvaluation.next(v, true, fromTopic(LOWER, "2024-10-15T11:00:00+07:00"));
    v = RuleEvaluation.next(v, true, fromTopic(null, null));
    assertEquals(List.of(Long.MIN_VALUE), v.from);
    assertEquals(List.of(""), v.texts);
  }

  @Test
  void anUpdateBehindTheWatermarkIsJudgedAtOnceAndCounted() throws Exception {
    RuleEvaluation f =
        new RuleEvaluation(
            Map.of("online-rate-today", RULE.formatted("")),
            Map.of(),
            MESSAGES,
            "alerting",
            ClockStop.NO_UNTIL);
    try (var h =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            f, o -> o.series, Types.STRING, RuleEvaluation.RULES, ClockStop.STATE)) {
      h.open();
      h.watermark(at("10:00"));
      h.processElement(update("09:30", 45), at("09:30"));
      assertEquals(1, h.extractOutputValues().size(), "judged at once");
      assertEquals(1, f.lateInputs());
      h.processElement(update("10:30", 20), at("10:30"));
      assertEquals(1, h.extractOutputValues().size(), "waits for the watermark");
      h.watermark(at("10:30"));
      assertEquals(2, h.extractOutputValues().size());
      assertEquals(1, f.lateInputs());
    }
  }
}
