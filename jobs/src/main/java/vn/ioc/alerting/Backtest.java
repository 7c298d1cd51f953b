package vn.ioc.alerting;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.ioc.calendar.Rfc3339;
import vn.ioc.indicators.IndicatorJson;

/**
 * Which alerts rules would have raised over recorded indicator updates, in their order: the state
 * machine of the alerting job ({@link AlertEvaluator}) with the engine's clock at the latest event
 * time seen (and, at the end, at {@code until} when given), like promtool's rule tests. Used by
 * {@code deploy/ioc rules test} and by the tests.
 */
public final class Backtest {
  private final List<AlertRule> rules;
  private final AlertMessages messages;
  private final Map<String, IndicatorJson.Message> latest = new LinkedHashMap<>();
  private final Map<String, AlertState> states = new LinkedHashMap<>();
  private final Map<String, AlertRule> ruleOf = new LinkedHashMap<>();
  private final Map<String, String> seriesOf = new LinkedHashMap<>();
  private final List<AlertEvent> events = new ArrayList<>();
  private final Map<String, java.util.Set<String>> matched = new LinkedHashMap<>();
  private long now = Long.MIN_VALUE;

  public Backtest(List<AlertRule> rules) {
    this(rules, null);
  }

  /**
   * @param messages completes each event as the job does (unit, its name, message, routing), or
   *     null to leave them bare
   */
  public Backtest(List<AlertRule> rules, AlertMessages messages) {
    this.rules = List.copyOf(rules);
    this.messages = messages;
    for (AlertRule r : rules) matched.put(r.id(), new java.util.HashSet<>());
  }

  /** One recorded update. */
  public void update(IndicatorJson.Message m) {
    advance(m.asOf());
    for (AlertRule rule : rules) {
      if (!rule.matches(m.measurement(), rule.field(), m.tags())) continue;
      matched.get(rule.id()).add(m.series());
      Double value = m.fields().get(rule.field());
      if (value == null) continue; // a rate absent: no value to judge
      Double volume = rule.minVolume() == null ? null : m.fields().get(rule.minVolume().field());
      String key = rule.id() + " " + m.series();
      AlertState s = states.computeIfAbsent(key, k -> new AlertState());
      ruleOf.put(key, rule);
      seriesOf.put(key, m.series());
      latest.put(key, m);
      add(
          key,
          AlertEvaluator.update(
              rule, m.series(), s, value, volume == null ? Double.NaN : volume, m.asOf(), now));
    }
  }

  /** How many series each rule matched (its measurement and tags), by rule id in rule order. */
  public Map<String, Integer> seriesMatched() {
    Map<String, Integer> out = new LinkedHashMap<>();
    matched.forEach((id, series) -> out.put(id, series.size()));
    return out;
  }

  /** Moves the engine's clock (never back) and lets silent series fire no-data. */
  public void advance(long to) {
    if (to <= now) return;
    now = to;
    for (Map.Entry<String, AlertState> e : states.entrySet()) {
      String key = e.getKey();
      add(key, AlertEvaluator.clock(ruleOf.get(key), seriesOf.get(key), e.getValue(), now));
    }
  }

  /** The events of a series and rule, completed from its latest update (a no-data has none). */
  private void add(String key, List<AlertEvent> raised) {
    if (messages != null) {
      IndicatorJson.Message m = latest.get(key);
      for (AlertEvent e : raised)
        messages.complete(e, ruleOf.get(key), m.tags(), m.texts(), m.fields());
    }
    events.addAll(raised);
  }

  public List<AlertEvent> events() {
    return events;
  }

  /** {@code 2024-10-15T09:00:00.000+07:00 FIRING warning rule series value … threshold …}. */
  public static String show(AlertEvent e, ZoneId zone) {
    return Rfc3339.format(e.at, zone)
        + " "
        + e.state
        + " "
        + e.level.code()
        + " "
        + e.ruleId
        + " "
        + e.series
        + (Double.isNaN(e.value) ? "" : " value " + e.value)
        + (Double.isNaN(e.threshold) ? "" : " threshold " + e.threshold)
        + " since "
        + Rfc3339.format(e.since, zone)
        + (e.flapping ? " flapping" : "");
  }
}
