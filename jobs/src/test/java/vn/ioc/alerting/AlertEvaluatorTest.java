package vn.ioc.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alert state machine, update by update, with exact events. */
class AlertEvaluatorTest {
  static final long MIN = 60_000;

  /** Online rate today below 50 % (reset 55), critical below 30 % (reset 35), 20 applications. */
  static AlertRule rule(String extra) throws RuleViolation {
    return RuleParser.parse(
            """
            id: online-rate
            indicator: {measurement: service_rates, field: online_rate_pct}
            direction: below
            warning: {threshold: 50, reset: 55}
            critical: {threshold: 30, reset: 35}
            minVolume: {field: received, atLeast: 20}
            """
                + extra)
        .get(0);
  }

  /** Feeds updates (value, volume, minute) and returns the events as short strings. */
  static final class Series {
    final AlertRule rule;
    final AlertState state = new AlertState();
    final List<String> events = new ArrayList<>();

    Series(AlertRule rule) {
      this.rule = rule;
    }

    /** The values a firing alert moved to without an event ({@link AlertEvaluator#valueNow}). */
    final List<String> values = new ArrayList<>();

    Series at(int minute, double value, double volume) {
      double before = state.value;
      List<AlertEvent> raised =
          AlertEvaluator.update(rule, "U1", state, value, volume, minute * MIN, minute * MIN);
      for (AlertEvent e : raised) events.add(show(e));
      AlertEvent now = AlertEvaluator.valueNow(rule, "U1", state, before, raised, minute * MIN);
      if (now != null) values.add(show(now));
      return this;
    }

    Series clock(int minute) {
      for (AlertEvent e : AlertEvaluator.clock(rule, "U1", state, minute * MIN))
        events.add(show(e));
      return this;
    }

    static String show(AlertEvent e) {
      return e.state
          + " "
          + e.level
          + " @"
          + e.at / MIN
          + " since "
          + e.since / MIN
          + (Double.isNaN(e.value) ? "" : " value " + e.value + " threshold " + e.threshold)
          + (e.flapping ? " flapping" : "");
    }
  }

  @Test
  void aBreachFiresOnlyAfterItHasLastedTheForDuration() throws Exception {
    Series s = new Series(rule("for: 30m\n"));
    s.at(0, 45, 40).at(20, 44, 40); // pending for 20 minutes
    assertEquals(List.of(), s.events);
    assertEquals(AlertPhase.PENDING, s.state.phase);
    s.at(30, 46, 40); // 30 minutes since the first breach
    assertEquals(List.of("FIRING warning @30 since 0 value 46.0 threshold 50.0"), s.events);
  }

  @Test
  void aBreachThatRecoversBeforeForEndsSaysNothing() throws Exception {
    Series s = new Series(rule("for: 30m\n"));
    s.at(0, 45, 40).at(10, 60, 40).at(40, 45, 40);
    assertEquals(List.of(), s.events);
    assertEquals(AlertPhase.PENDING, s.state.phase);
    assertEquals(40 * MIN, s.state.pendingSince, "pending again from the new breach");
  }

  @Test
  void hysteresisHoldsALevelUntilTheValueIsBackPastItsReset() throws Exception {
    Series s = new Series(rule(""));
    s.at(0, 49, 40) // fires warning at once (for: 0)
        .at(10, 52, 40) // above the threshold, below the reset: still warning
        .at(20, 29, 40) // critical
        .at(30, 33, 40) // above 30, below the critical reset 35: still critical
        .at(40, 40, 40) // past the critical reset, still below the warning reset: warning
        .at(50, 55, 40); // at the warning reset: resolved
    assertEquals(
        List.of(
            "FIRING warning @0 since 0 value 49.0 threshold 50.0",
            "FIRING critical @20 since 0 value 29.0 threshold 30.0",
            "FIRING warning @40 since 0 value 40.0 threshold 50.0",
            "RESOLVED warning @50 since 0 value 55.0 threshold 55.0"),
        s.events);
    assertEquals(AlertPhase.OK, s.state.phase);
  }

  @Test
  void aFiringAlertsValueThatMovesWithinItsLevelIsTheValueNowNotAnEvent() throws Exception {
    Series s = new Series(rule(""));
    s.at(0, 45, 40) // fires warning
        .at(10, 45, 40) // the same value: nothing
        .at(20, 47.5, 40) // moved within warning: the value now
        .at(30, 47.5, 5) // below the minimum volume: not judged
        .at(40, 29, 40) // critical: an event, not a value
        .at(50, 60, 40) // resolved
        .at(60, 61, 40); // not firing: nothing
    assertEquals(
        List.of(
            "FIRING warning @0 since 0 value 45.0 threshold 50.0",
            "FIRING critical @40 since 0 value 29.0 threshold 30.0",
            "RESOLVED critical @50 since 0 value 60.0 threshold 35.0"),
        s.events);
    assertEquals(List.of("FIRING warning @20 since 0 value 47.5 threshold 50.0"), s.values);
    assertEquals(Double.NaN, s.state.value);
  }

  @Test
  void anUpdateBelowTheMinimumVolumeIsNotJudged() throws Exception {
    Series s = new Series(rule(""));
    s.at(0, 0, 1) // one application at 08:00 is not a 0 % day
        .at(10, 0, 19)
        .at(20, 0, Double.NaN); // no volume at all
    assertEquals(List.of(), s.events);
    s.at(30, 10, 20);
    assertEquals(List.of("FIRING critical @30 since 30 value 10.0 threshold 30.0"), s.events);
  }

  @Test
  void aSilentSeriesFiresNoDataAndTheNextUpdateJudgesItAfresh() throws Exception {
    Series s = new Series(rule("noData: {after: 2h}\n"));
    s.at(0, 70, 40).clock(119).clock(120).clock(180);
    assertEquals(List.of("FIRING nodata @120 since 120"), s.events);
    s.at(200, 70, 40);
    assertEquals(
        List.of(
            "FIRING nodata @120 since 120",
            "RESOLVED nodata @200 since 120 value 70.0 threshold NaN"),
        s.events);
    Series keep = new Series(rule("noData: {after: 2h, action: keep}\n"));
    keep.at(0, 70, 40).clock(500);
    assertEquals(List.of(), keep.events);
  }

  /** A firing series that falls silent stays in its episode: {@code since} is when it fired. */
  @Test
  void aFiringSeriesThatFallsSilentKeepsItsEpisodesStart() throws Exception {
    Series s = new Series(rule("noData: {after: 2h}\n"));
    s.at(0, 40, 40).at(10, 25, 40).clock(130).at(200, 45, 40).at(210, 60, 40);
    assertEquals(
        List.of(
            "FIRING warning @0 since 0 value 40.0 threshold 50.0",
            "FIRING critical @10 since 0 value 25.0 threshold 30.0",
            "FIRING nodata @130 since 0",
            "FIRING warning @200 since 0 value 45.0 threshold 50.0",
            "RESOLVED warning @210 since 0 value 60.0 threshold 55.0"),
        s.events);
  }

  @Test
  void aSeriesThatChangesTooOftenIsMarkedFlappingUntilItSettles() throws Exception {
    Series s = new Series(rule(""));
    for (int i = 0; i < 10; i++) s.at(i * 10, i % 2 == 0 ? 40 : 60, 40);
    // the 10th judged update sees 9 changes in 9 steps: flapping from then on
    assertEquals(10, s.events.size());
    assertEquals(
        "RESOLVED warning @90 since 80 value 60.0 threshold 55.0 flapping", s.events.get(9));
    assertEquals("FIRING warning @80 since 80 value 40.0 threshold 50.0", s.events.get(8));
    for (int i = 10; i < 20; i++) s.at(i * 10, 60, 40); // calm: OK ten times
    assertEquals(false, s.state.flapping);
    s.at(200, 40, 40);
    assertEquals("FIRING warning @200 since 200 value 40.0 threshold 50.0", s.events.get(10));
  }

  @Test
  void aSeriesThatSettlesWhileFiringSaysSo() throws Exception {
    Series s = new Series(rule(""));
    for (int i = 0; i < 10; i++) s.at(i * 10, i % 2 == 0 ? 40 : 60, 40);
    int before = s.events.size();
    for (int i = 10; i < 30; i++) s.at(i * 10, 40, 40); // firing, steady
    assertEquals(
        List.of(
            "FIRING warning @100 since 100 value 40.0 threshold 50.0 flapping",
            // at 170 the last ten levels changed twice in nine steps: settled, still firing
            "FIRING warning @170 since 100 value 40.0 threshold 50.0"),
        s.events.subList(before, s.events.size()));
  }
}
