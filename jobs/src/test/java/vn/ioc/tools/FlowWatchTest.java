package vn.ioc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.ioc.config.IocConfig;

class FlowWatchTest {
  /** The line without its wall-clock prefix "[HH:mm:ss] ". */
  private static String line(FlowWatch.Flow.Sample before, FlowWatch.Flow.Sample now)
      throws Exception {
    return FlowWatch.line(IocConfig.load(Map.of(), Map.of()), before, now, "Tue 2024-10-15 09:40")
        .substring(11);
  }

  @Test
  void aLineSaysWhatFlowedSinceTheLastOneAndTodaysProvinceFigures() throws Exception {
    Map<String, Object> today = new HashMap<>();
    today.put("time", "2024-10-14T17:00:00Z"); // local midnight of 15 October
    today.put("received", 1234.0);
    today.put("online_rate_pct", 43.2);
    today.put("fully_online_rate_pct", 30.0);
    today.put("on_time_rate_pct", null); // nothing resolved yet: no rate
    FlowWatch.Flow.Sample before = new FlowWatch.Flow.Sample(0, 100, 0, 3, null);
    FlowWatch.Flow.Sample now = new FlowWatch.Flow.Sample(5_000, 600, 40, 5, today);
    assertEquals(
        "simulated Tue 2024-10-15 09:40 | feed 100 msg/s, not yet checkpointed by the job 40"
            + " | dead letters 5 (+2) | province 2024-10-15: 1,234 received, online 43.2 %,"
            + " fully online 30.0 %, on time -",
        line(before, now));
  }

  @Test
  void beforeInfluxDbHasFiguresTheLineSaysSo() throws Exception {
    FlowWatch.Flow.Sample s = new FlowWatch.Flow.Sample(0, 0, 0, 0, null);
    FlowWatch.Flow.Sample t = new FlowWatch.Flow.Sample(2_000, 10, 10, 0, null);
    assertEquals(
        "simulated Tue 2024-10-15 09:40 | feed 5 msg/s, not yet checkpointed by the job 10"
            + " | dead letters 0 (+0) | no province figures in InfluxDB yet",
        line(s, t));
  }
}
