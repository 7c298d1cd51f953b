package vn.ioc.clock;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * The inputs of a keyed operator on one time line: an input of time {@code t} waits in keyed state
 * until the watermark reaches {@code t - 1} (the source has then read it, and nothing earlier is
 * still to come), released by an event-time timer at that time. Every timer due before it has then
 * fired, whatever order the partitions were read in; the operator does what is due at {@code t}
 * itself before it applies the input. Flink's DataStream API has no operator that sorts by event
 * time: this is that, per key.
 */
public final class WaitingInputs<T> {
  private final MapState<Long, List<T>> waiting;

  public WaitingInputs(MapState<Long, List<T>> waiting) {
    this.waiting = waiting;
  }

  /** The keyed state the inputs wait in, by release time. */
  public static <T> MapStateDescriptor<Long, List<T>> descriptor(String name, Class<T> type) {
    return new MapStateDescriptor<>(name, Types.LONG, Types.LIST(TypeInformation.of(type)));
  }

  /**
   * Keeps {@code input} of time {@code time} until the watermark reaches it; false when it is not
   * ahead of the watermark (apply it now: behind the watermark, it is late).
   */
  public boolean hold(T input, long time, TimerService timers) throws Exception {
    long release = time - 1;
    if (release <= timers.currentWatermark()) return false;
    List<T> due = waiting.get(release);
    if (due == null) due = new ArrayList<>(1);
    due.add(input);
    waiting.put(release, due);
    timers.registerEventTimeTimer(release);
    return true;
  }

  /**
   * The inputs of time {@code t + 1}, released by the timer at {@code t}, in arrival order; or
   * null.
   */
  public List<T> release(long t) throws Exception {
    List<T> due = waiting.get(t);
    if (due != null) waiting.remove(t);
    return due;
  }
}
