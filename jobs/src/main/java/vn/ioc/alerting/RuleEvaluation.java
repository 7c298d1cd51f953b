package vn.ioc.alerting;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ioc.clock.ClockStop;
import vn.ioc.clock.WaitingInputs;
import vn.ioc.deadletter.DeadLetters;

/**
 * Keyed by indicator series: judges every update against the rules that match it ({@link
 * AlertEvaluator}), keeps each rule's state on the series, and fires no-data at timers of the
 * engine's clock.
 *
 * <p>On one time line: an update waits in keyed state until the watermark reaches it (its {@code
 * asOf} minus 1 ms: the source has then read it, and nothing earlier is still to come), so every
 * no-data timer due before it has fired, whatever order the partitions were read in; the clock is
 * then moved to the update's time (a no-data due exactly then fires first) and the update is
 * applied. A bounded recompute, which reads the whole history before any timer fires, thus decides
 * as the live run and {@code rules test} do. An update that arrives behind the watermark is applied
 * at once and counted ({@code lateInputs}), never dropped. Rules come from the rules folder (given
 * at start) and from {@code ioc.alert-rules}, broadcast: a rule from the topic replaces the file's
 * of the same id, a tombstone deletes it (and its state everywhere), and a rule that does not parse
 * is refused (dead letter {@code invalid-rule}, logged) while its previous version stays active. No
 * timer fires beyond the clock's stop ({@link ClockStop}).
 */
public final class RuleEvaluation
    extends KeyedBroadcastProcessFunction<String, Observed, Control, AlertEvent> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RuleEvaluation.class);

  /** The versions of the topic's rules by id (an empty text: deleted from its time). */
  public static final MapStateDescriptor<String, RuleVersions> RULES =
      new MapStateDescriptor<>(
          AlertingState.RULE_VERSIONS, Types.STRING, TypeInformation.of(RuleVersions.class));

  private static final String DELETED = "";

  /**
   * A firing alert whose value moved without an event (same level): the figure now, with its
   * message, for the dispatch's reminders. Not an alert change: never on {@code ioc.alerts}.
   */
  public static final org.apache.flink.util.OutputTag<AlertEvent> VALUES =
      new org.apache.flink.util.OutputTag<>(
          "alert-values", TypeInformation.of(AlertEvent.class)) {};

  private static final MapStateDescriptor<String, AlertState> STATES =
      new MapStateDescriptor<>(
          AlertingState.ALERT_STATES, Types.STRING, TypeInformation.of(AlertState.class));

  /** Updates waiting for the watermark ({@link WaitingInputs}). */
  private static final MapStateDescriptor<Long, List<Observed>> WAITING =
      WaitingInputs.descriptor(AlertingState.ALERT_UPDATES_WAITING, Observed.class);

  private final Map<String, String> fileRules;
  private final Map<String, RuleVersions> published;
  private final AlertMessages messages;
  private final String job;
  private final long until;

  private transient MapState<String, AlertState> states;
  private transient WaitingInputs<Observed> waiting;
  private transient org.apache.flink.metrics.Counter lateInputs;

  /** The rules in force when, parsed and indexed; null until needed and after every change. */
  private transient RuleTimeline inForce;

  /**
   * @param fileRules the rules folder's rules, by id, as text
   * @param published the versions the rules topic held when the job was built ({@link
   *     RuleFiles#published}): in force from the first update, whichever input is read first
   * @param messages what the events say and whom they concern
   * @param until no timer fires after it ({@link ClockStop#NO_UNTIL}: none)
   */
  public RuleEvaluation(
      Map<String, String> fileRules,
      Map<String, RuleVersions> published,
      AlertMessages messages,
      String job,
      long until) {
    this.fileRules = new LinkedHashMap<>(fileRules);
    this.published = new LinkedHashMap<>(published);
    this.messages = messages;
    this.job = job;
    this.until = until;
  }

  @Override
  public void open(OpenContext ctx) {
    states = getRuntimeContext().getMapState(STATES);
    waiting = new WaitingInputs<>(getRuntimeContext().getMapState(WAITING));
    lateInputs = getRuntimeContext().getMetricGroup().counter("lateInputs");
  }

  /** Updates applied behind the watermark so far (the counter {@code lateInputs}). */
  long lateInputs() {
    return lateInputs.getCount();
  }

  @Override
  public void processElement(Observed o, ReadOnlyContext ctx, Collector<AlertEvent> out)
      throws Exception {
    if (waiting.hold(o, o.asOf, ctx.timerService())) return;
    long watermark = ctx.timerService().currentWatermark();
    if (o.asOf <= watermark) lateInputs.inc();
    long now = Math.max(watermark, o.asOf);
    RuleTimeline rules = rules(ctx.getBroadcastState(RULES));
    Long stop = ctx.getBroadcastState(ClockStop.STATE).get(ClockStop.KEY);
    if (ClockStop.allows(now, watermark, until, stop))
      clock(rules.at(now), ctx.getCurrentKey(), now, out);
    apply(o, now, rules, ctx.timerService(), out, e -> ctx.output(VALUES, e));
  }

  @Override
  public void onTimer(long t, OnTimerContext ctx, Collector<AlertEvent> out) throws Exception {
    RuleTimeline rules = rules(ctx.getBroadcastState(RULES));
    Long stop = ctx.getBroadcastState(ClockStop.STATE).get(ClockStop.KEY);
    long watermark = ctx.timerService().currentWatermark();
    if (ClockStop.allows(t, watermark, until, stop))
      clock(rules.at(t), ctx.getCurrentKey(), t, out);
    List<Observed> due = waiting.release(t);
    if (due == null) return;
    // the updates of time t + 1: the clock at their time first (a no-data due then fires first)
    long at = t + 1;
    if (ClockStop.allows(at, watermark, until, stop))
      clock(rules.at(at), ctx.getCurrentKey(), at, out);
    for (Observed o : due) apply(o, at, rules, ctx.timerService(), out, e -> ctx.output(VALUES, e));
  }

  /** Judges update {@code o} at engine time {@code now}. */
  private void apply(
      Observed o,
      long now,
      RuleTimeline rules,
      org.apache.flink.streaming.api.TimerService timers,
      Collector<AlertEvent> out,
      java.util.function.Consumer<AlertEvent> values)
      throws Exception {
    for (AlertRule rule : rules.at(o.asOf).candidates(o.measurement, o.tags)) {
      if (!rule.matches(o.measurement, rule.field(), o.tags)) continue;
      Double value = o.fields.get(rule.field());
      if (value == null) continue;
      Double volume = rule.minVolume() == null ? null : o.fields.get(rule.minVolume().field());
      AlertState s = states.get(rule.id());
      if (s == null) s = new AlertState();
      double before = s.value;
      List<AlertEvent> events =
          AlertEvaluator.update(
              rule, o.series, s, value, volume == null ? Double.NaN : volume, o.asOf, now);
      for (AlertEvent e : events) {
        messages.complete(e, rule, o.tags, o.texts, o.fields);
        out.collect(e);
      }
      AlertEvent moved = AlertEvaluator.valueNow(rule, o.series, s, before, events, o.asOf);
      if (moved != null) {
        messages.complete(moved, rule, o.tags, o.texts, o.fields);
        values.accept(moved);
      }
      if (rule.noData() != null) {
        // a no-data event has no update to name its unit: the series' latest labels
        if (!o.tags.equals(s.tags)) s.tags = new HashMap<>(o.tags);
        if (!o.texts.equals(s.texts)) s.texts = new HashMap<>(o.texts);
        timers.registerEventTimeTimer(s.lastSeen + rule.noData().after().toMillis());
      }
      states.put(rule.id(), s);
    }
  }

  /** The engine's clock reached {@code now} on this series: silent rules may fire no-data. */
  private void clock(RuleIndex inForce, String series, long now, Collector<AlertEvent> out)
      throws Exception {
    List<Map.Entry<String, AlertState>> entries = new ArrayList<>();
    for (Map.Entry<String, AlertState> e : states.entries()) entries.add(e);
    for (Map.Entry<String, AlertState> e : entries) {
      AlertRule rule = inForce.get(e.getKey());
      if (rule == null) continue;
      AlertState s = e.getValue();
      List<AlertEvent> events = AlertEvaluator.clock(rule, series, s, now);
      if (events.isEmpty()) continue;
      for (AlertEvent ev : events) {
        messages.complete(ev, rule, s.tags, s.texts);
        out.collect(ev);
      }
      states.put(e.getKey(), s);
    }
  }

  @Override
  public void processBroadcastElement(Control c, Context ctx, Collector<AlertEvent> out)
      throws Exception {
    if (c.isStop()) {
      ctx.getBroadcastState(ClockStop.STATE).put(ClockStop.KEY, c.stop);
      return;
    }
    var rules = ctx.getBroadcastState(RULES);
    RuleVersions current = rules.get(c.ruleId);
    if (current == null) current = published.get(c.ruleId);
    try {
      RuleVersions next = next(current, fileRules.containsKey(c.ruleId), c);
      if (next != null) rules.put(c.ruleId, next);
      inForce = null;
      if (c.text == null) {
        ctx.applyToKeyedState(STATES, (key, state) -> state.remove(c.ruleId));
        LOG.info("alert rule {} deleted", c.ruleId);
      } else {
        LOG.info("alert rule {} set", c.ruleId);
      }
    } catch (RuleViolation v) {
      // every instance refuses it; the first one reports it, once
      if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() != 0) return;
      String detail = v.describe("rule " + c.ruleId);
      LOG.warn("refused {}; its previous version, if any, stays active", detail);
      ctx.output(
          DeadLetters.TAG,
          DeadLetters.of(
              job,
              "invalid-rule",
              detail,
              c.sourceTopic,
              c.sourcePartition,
              c.sourceOffset,
              0,
              c.ruleId,
              c.text == null ? null : c.text.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /**
   * The versions of a rule after message {@code c} of the rules topic: a new version from its time,
   * or a deletion (of a rule that exists); null when there is nothing to keep.
   *
   * @param current the versions so far, or null
   * @throws RuleViolation the rule does not parse, or its id is not its key
   */
  static RuleVersions next(RuleVersions current, boolean inFolder, Control c) throws RuleViolation {
    if (c.refusal != null) throw new RuleViolation("", 1, 1, c.refusal);
    RuleVersions versions = current == null ? new RuleVersions() : current.copy();
    if (c.text == null) {
      if (!inFolder && versions.from.isEmpty()) return null;
      versions.put(c.effectiveFrom, DELETED);
      return versions;
    }
    List<AlertRule> parsed = RuleParser.parse(c.text);
    if (parsed.size() != 1 || !parsed.get(0).id().equals(c.ruleId))
      throw new RuleViolation(
          "/id", 1, 1, "a message of the rules topic holds one rule whose id is its key");
    versions.put(c.effectiveFrom, c.text);
    return versions;
  }

  /**
   * The rules in force when: the folder's, replaced or deleted by the topic's versions. Built when
   * a rule changes (or after a restore), not per update; every stored text parsed when stored.
   */
  private RuleTimeline rules(ReadOnlyBroadcastState<String, RuleVersions> topic) throws Exception {
    if (inForce != null) return inForce;
    Map<String, RuleVersions> versions = new LinkedHashMap<>(published);
    for (Map.Entry<String, RuleVersions> e : topic.immutableEntries())
      versions.put(e.getKey(), e.getValue());
    inForce = new RuleTimeline(fileRules, versions);
    return inForce;
  }
}
