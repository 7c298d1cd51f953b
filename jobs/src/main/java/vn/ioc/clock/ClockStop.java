package vn.ioc.clock;

import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The rule every event-time operator downstream of the {@link EngineClock} follows: a timer at
 * {@code t} may fire when {@code t <= until}, and, once the input has ended (the watermark is
 * Long.MAX_VALUE), only when {@code t} is not beyond the stop the clock broadcast. So the end of a
 * bounded run stamps nothing beyond the last event time seen (or {@code --until}).
 */
public final class ClockStop {
  private ClockStop() {}

  /** No {@code --until}: the clock stops at the latest event time seen. */
  public static final long NO_UNTIL = Long.MAX_VALUE;

  /** Broadcast state holding the stop under {@link #KEY}. */
  /** The broadcast state's name in savepoints: never changes. */
  public static final String NAME = "clock-stop";

  public static final MapStateDescriptor<String, Long> STATE =
      new MapStateDescriptor<>(NAME, Types.STRING, Types.LONG);

  public static final String KEY = "stop";

  /**
   * Whether a timer at {@code t} may fire.
   *
   * @param stop the broadcast stop, or null when none arrived yet
   */
  public static boolean allows(long t, long watermark, long until, Long stop) {
    if (t > until) return false;
    if (watermark != Long.MAX_VALUE) return true;
    return stop != null && t <= stop;
  }
}
