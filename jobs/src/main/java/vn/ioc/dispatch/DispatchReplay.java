package vn.ioc.dispatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import vn.ioc.alerting.AlertEvent;
import vn.ioc.influx.InfluxPoint;

/**
 * The dispatch of recorded alert events and acknowledgements, in memory, on the time line the job
 * follows ({@link AlertDispatch}): per unit, an input of time {@code t} is applied when the timers
 * due before it have fired, at the timer of {@code t - 1}, after what is due at {@code t}; the
 * inputs of one time in {@link Dispatcher#SAME_TIME_ORDER}; nothing is checked beyond the clock's
 * stop. The procedure is the job's ({@link Dispatcher}), so {@code rules test} says who the job
 * would have told, and when, and why not.
 */
public final class DispatchReplay {
  /** One step of an alert's story ({@code rules test --explain}). */
  public record Step(String alertId, long at, String what) {}

  private final Dispatcher dispatcher;
  private final long stop;
  private final Map<String, SilenceVersions> silences = new TreeMap<>();
  private final Map<String, List<Dispatchable>> byUnit = new TreeMap<>();

  private final List<AlertEvent> events = new ArrayList<>();
  private final List<Notification.Notice> notices = new ArrayList<>();
  private final List<InfluxPoint> records = new ArrayList<>();
  private final List<Step> story = new ArrayList<>();

  /**
   * @param stop the clock's stop: no recheck at a later time (the latest event time, or {@code
   *     --until})
   */
  public DispatchReplay(Dispatcher dispatcher, long stop) {
    this.dispatcher = dispatcher;
    this.stop = stop;
  }

  /** A silence or its deletion (all are known before the first input, as in a bounded run). */
  public void silence(Silence s) {
    silences.computeIfAbsent(s.id, id -> new SilenceVersions()).put(s);
  }

  public void input(Dispatchable d) {
    byUnit.computeIfAbsent(d.unit(), u -> new ArrayList<>()).add(d);
  }

  /** Dispatches every input; the outputs are then in time order (stable within one time). */
  public void run() throws Exception {
    for (List<Dispatchable> inputs : byUnit.values()) new UnitDesk().run(inputs);
    events.sort(Comparator.comparingLong(e -> e.at));
    notices.sort(Comparator.comparingLong(n -> n.at));
    records.sort(Comparator.comparingLong(p -> p.timeMillis));
    story.sort(Comparator.comparingLong(Step::at));
  }

  /** The alert events as {@code ioc.alerts} would show them. */
  public List<AlertEvent> events() {
    return events;
  }

  /** The notices, one per recipient, before they are grouped into digests. */
  public List<Notification.Notice> notices() {
    return notices;
  }

  /** The records of {@code alert_notifications}. */
  public List<InfluxPoint> records() {
    return records;
  }

  /** Every step of every alert's story, in time order. */
  public List<Step> story() {
    return story;
  }

  private static long timeOf(Dispatchable d) {
    return d.event != null ? d.event.at : d.ack.at;
  }

  /** The state, timers and waiting inputs of one unit. */
  private final class UnitDesk implements Dispatcher.Desk {
    private final Map<String, Tracked> tracked = new TreeMap<>();
    private final TreeSet<Long> timers = new TreeSet<>();
    private final TreeMap<Long, List<Dispatchable>> waiting = new TreeMap<>();

    void run(List<Dispatchable> inputs) throws Exception {
      for (Dispatchable d : inputs) {
        long release = timeOf(d) - 1;
        waiting.computeIfAbsent(release, r -> new ArrayList<>()).add(d);
        timers.add(release);
      }
      while (!timers.isEmpty()) {
        long t = timers.pollFirst();
        if (t <= stop) dispatcher.recheck(t, this);
        List<Dispatchable> due = waiting.remove(t);
        if (due == null) continue;
        if (t + 1 <= stop) dispatcher.recheck(t + 1, this);
        due.sort(Dispatcher.SAME_TIME_ORDER);
        for (Dispatchable d : due) dispatcher.apply(d, this);
      }
    }

    @Override
    public Tracked tracked(String alertId) {
      return tracked.get(alertId);
    }

    @Override
    public void keep(String alertId, Tracked tr) {
      tracked.put(alertId, tr);
    }

    @Override
    public void forget(String alertId) {
      tracked.remove(alertId);
    }

    @Override
    public List<String> alertIds() {
      return new ArrayList<>(tracked.keySet());
    }

    @Override
    public Silence silencing(AlertEvent a, long t) {
      return SilenceVersions.holding(silences.entrySet(), a, t);
    }

    @Override
    public void wakeAt(long t) {
      timers.add(t);
    }

    @Override
    public void event(AlertEvent e) {
      events.add(e);
    }

    @Override
    public void notice(Notification.Notice n) {
      notices.add(n);
    }

    @Override
    public void record(InfluxPoint p) {
      records.add(p);
    }

    @Override
    public void held(HoldReason reason) {}

    @Override
    public void unrouted() {}

    @Override
    public void explain(String alertId, long t, java.util.function.Supplier<String> what) {
      story.add(new Step(alertId, t, what.get()));
    }
  }

  /** The steps of the alerts whose id is {@code id}, or else contains it, by alert. */
  public Map<String, List<Step>> storyOf(String id) {
    Map<String, List<Step>> out = new LinkedHashMap<>();
    boolean exact = story.stream().anyMatch(s -> s.alertId().equals(id));
    for (Step s : story)
      if (exact ? s.alertId().equals(id) : s.alertId().contains(id))
        out.computeIfAbsent(s.alertId(), k -> new ArrayList<>()).add(s);
    return out;
  }
}
