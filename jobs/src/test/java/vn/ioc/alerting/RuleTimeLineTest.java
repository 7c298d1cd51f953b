package vn.ioc.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import vn.ioc.indicators.IndicatorJson;
import vn.ioc.indicators.IndicatorUpdate;
import vn.ioc.influx.InfluxPoint;

/**
 * Rule evaluation on one time line: however the updates of a history are read (all at once before
 * any timer, as a bounded recompute does, or in any interleaving the watermarks allow), every
 * no-data due before an update fires before it, and the decisions equal {@code rules test}'s.
 */
class RuleTimeLineTest {
  static final String RULE =
      """
      {"id": "online-rate-today",
       "indicator": {"measurement": "service_rates", "field": "online_rate_pct"},
       "match": {"scope": "unit", "window": "1d"},
       "direction": "below",
       "warning": {"threshold": 50, "reset": 55},
       "noData": {"after": "2h"}}
      """;

  static Observed update(String unit, String local, double rate) {
    Observed o = RuleEvaluationTest.update(local, rate);
    o.tags = Map.of("scope", "unit", "window", "1d", "unit", unit);
    o.series = "service_rates,scope=unit,unit=" + unit + ",window=1d";
    return o;
  }

  /** Three units over a morning: U2 falls silent from 09:00 to 12:00 in the middle of it. */
  static List<Observed> history() {
    List<Observed> h = new ArrayList<>();
    String[] times = {"08:00", "08:30", "09:00", "09:30", "10:00", "11:00", "12:00", "12:30"};
    for (int i = 0; i < times.length; i++) {
      h.add(update("U1", times[i], i % 3 == 0 ? 45 : 70));
      if (times[i].compareTo("09:00") <= 0 || times[i].compareTo("12:00") >= 0)
        h.add(update("U2", times[i], 60));
      if (i % 2 == 0) h.add(update("U3", times[i], 40));
    }
    return h;
  }

  /** What the rule decides on {@code updates}, fed in that order with {@code watermarks}. */
  static List<String> judged(List<Observed> updates, List<Long> watermarkBefore) throws Exception {
    try (var h = RuleEvaluationTest.harness(Map.of("online-rate-today", RULE), Map.of())) {
      long last = Long.MIN_VALUE;
      for (int i = 0; i < updates.size(); i++) {
        Long w = watermarkBefore.get(i);
        if (w != null) h.watermark(w);
        h.processElement(updates.get(i), updates.get(i).asOf);
        last = Math.max(last, updates.get(i).asOf);
      }
      // the end of a bounded input: the clock stops at the latest update
      h.processBroadcastElement(Control.stop(last), 0);
      h.watermark(Long.MAX_VALUE);
      List<String> out = new ArrayList<>();
      for (AlertEvent e : h.extractOutputValues())
        out.add(Backtest.show(e, RuleEvaluationTest.HCM));
      Collections.sort(out);
      return out;
    }
  }

  static List<String> backtest(List<Observed> updates) throws Exception {
    List<Observed> inOrder = new ArrayList<>(updates);
    inOrder.sort(Comparator.comparingLong(o -> o.asOf));
    Backtest b = new Backtest(RuleParser.parse(RULE));
    for (Observed o : inOrder) {
      InfluxPoint p = InfluxPoint.of("service_rates", o.asOf);
      o.tags.forEach(p::tag);
      o.fields.forEach((k, v) -> p.field(k, (double) v));
      byte[] json =
          IndicatorJson.encode(
              new IndicatorUpdate(p, o.asOf + 1, o.asOf, false), RuleEvaluationTest.HCM);
      b.update(IndicatorJson.decode(json));
    }
    List<String> out = new ArrayList<>();
    for (AlertEvent e : b.events()) out.add(Backtest.show(e, RuleEvaluationTest.HCM));
    Collections.sort(out);
    return out;
  }

  static List<Long> noWatermarks(int n) {
    return new ArrayList<>(Collections.nCopies(n, (Long) null));
  }

  @Test
  void aNoDataInTheMiddleOfAHistoryReadAllAtOnceFiresAtItsTime() throws Exception {
    List<Observed> history = history();
    List<String> decided = judged(history, noWatermarks(history.size()));
    String u1 = " online-rate-today service_rates,scope=unit,unit=U1,window=1d";
    String u2 = " online-rate-today service_rates,scope=unit,unit=U2,window=1d";
    String u3 = " online-rate-today service_rates,scope=unit,unit=U3,window=1d";
    String day = "2024-10-15T";
    assertEquals(
        List.of(
            day
                + "08:00:00.000+07:00 FIRING warning"
                + u1
                + " value 45.0 threshold 50.0 since "
                + day
                + "08:00:00.000+07:00",
            day
                + "08:00:00.000+07:00 FIRING warning"
                + u3
                + " value 40.0 threshold 50.0 since "
                + day
                + "08:00:00.000+07:00",
            day
                + "08:30:00.000+07:00 RESOLVED warning"
                + u1
                + " value 70.0 threshold 55.0 since "
                + day
                + "08:00:00.000+07:00",
            day
                + "09:30:00.000+07:00 FIRING warning"
                + u1
                + " value 45.0 threshold 50.0 since "
                + day
                + "09:30:00.000+07:00",
            day
                + "10:00:00.000+07:00 RESOLVED warning"
                + u1
                + " value 70.0 threshold 55.0 since "
                + day
                + "09:30:00.000+07:00",
            // U2 silent since 09:00: no-data at 11:00, in the middle of the history
            day + "11:00:00.000+07:00 FIRING nodata" + u2 + " since " + day + "11:00:00.000+07:00",
            // U3 silent since 10:00: no-data due at 12:00 fires before its update of 12:00; it
            // has fired since 08:00 and never resolved: the same episode
            day + "12:00:00.000+07:00 FIRING nodata" + u3 + " since " + day + "08:00:00.000+07:00",
            day
                + "12:00:00.000+07:00 FIRING warning"
                + u1
                + " value 45.0 threshold 50.0 since "
                + day
                + "12:00:00.000+07:00",
            day
                + "12:00:00.000+07:00 FIRING warning"
                + u3
                + " value 40.0 threshold 50.0 since "
                + day
                + "08:00:00.000+07:00",
            day
                + "12:00:00.000+07:00 RESOLVED nodata"
                + u2
                + " value 60.0 since "
                + day
                + "11:00:00.000+07:00",
            day
                + "12:30:00.000+07:00 RESOLVED warning"
                + u1
                + " value 70.0 threshold 55.0 since "
                + day
                + "12:00:00.000+07:00"),
        decided);
    assertEquals(backtest(history), decided, "rules test decides alike");
  }

  /**
   * Fifty seeded interleavings of the same history: the partitions' order shuffled (each series'
   * own updates stay in order, as on one partition), with watermarks at random points that never
   * pass an update still to come. All decide exactly alike.
   */
  @Test
  void anyInterleavingTheWatermarksAllowDecidesAlike() throws Exception {
    List<Observed> history = history();
    List<String> expected = backtest(history);
    for (int seed = 0; seed < 50; seed++) {
      Random random = new Random(seed);
      List<Observed> order = vn.ioc.clock.Interleavings.of(history, o -> o.series, random);
      List<Long> watermarks = new ArrayList<>();
      long watermark = Long.MIN_VALUE;
      for (int i = 0; i < order.size(); i++) {
        long earliestToCome = Long.MAX_VALUE;
        for (int k = i; k < order.size(); k++)
          earliestToCome = Math.min(earliestToCome, order.get(k).asOf);
        long candidate = earliestToCome - 1 - random.nextInt(3) * 60_000L;
        if (random.nextInt(3) == 0 && candidate > watermark) {
          watermark = candidate;
          watermarks.add(watermark);
        } else {
          watermarks.add(null);
        }
      }
      assertEquals(expected, judged(order, watermarks), "seed " + seed);
    }
  }

  @Test
  void anUpdateBehindTheWatermarkIsAppliedAtOnce() throws Exception {
    List<Observed> late = List.of(update("U1", "09:00", 45));
    List<Long> watermark = List.of(RuleEvaluationTest.at("10:00"));
    assertEquals(
        List.of(
            "2024-10-15T09:00:00.000+07:00 FIRING warning online-rate-today"
                + " service_rates,scope=unit,unit=U1,window=1d value 45.0 threshold 50.0"
                + " since 2024-10-15T09:00:00.000+07:00"),
        judged(late, watermark));
  }
}
