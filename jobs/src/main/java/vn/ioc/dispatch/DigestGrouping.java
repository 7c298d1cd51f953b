package vn.ioc.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import vn.ioc.alerting.AlertingState;
import vn.ioc.clock.EngineNow;
import vn.ioc.influx.InfluxPoint;
import vn.ioc.influx.SameTimePoints;

/**
 * Keyed by recipient: groups notices into digests, as Alertmanager's group wait and group interval,
 * so a morning with forty late items is one message, not forty. The first notice opens a digest
 * that goes out {@code wait} later (engine time), but never sooner than {@code interval} after the
 * previous digest, and after the recipient's quiet hours ({@link Quiet}); what arrives meanwhile
 * joins it. A digest lists each alert once ({@link DigestLines}): its latest state and value and
 * what changed since the recipient's last digest; a reminder superseded before its digest goes is
 * dropped (counter {@code supersededReminders}). The digest's id is derived from its recipient,
 * time and lines, so a replay makes the same id (the notifier's idempotency key).
 *
 * <p><b>Catch-up</b> (live runs, {@link CatchUp}): while the stage's engine time (its watermark, or
 * the notice's time when later) is more than the lag behind the engine's "now" (a backlog,
 * downtime, a fresh start over a retained topic, a simulated past played fast), a notice is not
 * sent: it is recorded in {@code alert_notifications} with reason {@value #SUPPRESSED_CATCH_UP} and
 * tag {@code notice} = its own reason, so it is as unique as the notice's record (side output
 * {@link #RECORDS}), and counted ({@code catchUpSuppressed}), and the latest notice of each alert
 * is kept. Once the stage is back within the lag (its watermark, or a notice that is not behind),
 * the recipient gets one digest of those alerts: what fires then, and the end of what they had been
 * told of. So from a start to the live edge a recipient gets at most that one digest. Suppression
 * is a delivery decision: {@code ioc.alerts} and the dispatch's own records stay a pure function of
 * the input.
 */
public final class DigestGrouping
    extends KeyedProcessFunction<String, Notification.Notice, Notification> {
  private static final long serialVersionUID = 1L;

  public static final String SUPPRESSED_CATCH_UP = "suppressed-catch-up";

  /** How often a recipient with notices held back looks whether the stage is back (wall time). */
  static final long CATCH_UP_CHECK_MS = 1_000;

  /** How long (wall time) no notice may have been held back before the catch-up digest goes. */
  static final long CATCH_UP_SETTLE_MS = 5_000;

  /** The records of notices suppressed at catch-up, for {@code alert_notifications}. */
  public static final OutputTag<InfluxPoint> RECORDS =
      new OutputTag<>("digest-records", TypeInformation.of(InfluxPoint.class)) {};

  /** The engine's "now" as the stage knows it, opened in each of its instances. */
  @FunctionalInterface
  public interface Now extends java.io.Serializable {
    EngineNow open();
  }

  /**
   * The recipients' quiet hours ({@code people.csv}): a digest due in them waits for their end, in
   * engine time, as a rule's mute windows hold its notices.
   *
   * @param hours each person's windows, by id ({@link vn.ioc.reference.Directory#quietHours})
   */
  public record Quiet(
      Map<String, List<String>> hours, java.time.ZoneId zone, vn.ioc.calendar.WorkingDays calendar)
      implements java.io.Serializable {
    public static final Quiet NONE =
        new Quiet(Map.of(), java.time.ZoneOffset.UTC, vn.ioc.calendar.WorkingDays.weekendsOnly());

    /**
     * When a digest of {@code recipient} due at {@code t} may go: {@code t} or the end of quiet.
     */
    long end(String recipient, long t) {
      List<String> windows = hours.get(recipient);
      if (windows == null) return t;
      long end = MuteWindows.end(windows, t, zone, calendar);
      return end == Long.MAX_VALUE ? t : end;
    }
  }

  /**
   * The catch-up rule of a live run.
   *
   * @param lagMs how far (engine time) a notice may be behind "now" and still be sent
   */
  public record CatchUp(long lagMs, Now now) implements java.io.Serializable {}

  private final long waitMs;
  private final long intervalMs;
  private final String sender;
  private final Quiet quiet;
  private final CatchUp catchUp;

  private transient ListState<Notification.Notice> pending;
  private transient ValueState<Long> flushAt;
  private transient ValueState<Long> lastFlush;
  private transient MapState<String, String> told;
  private transient MapState<String, Notification.Notice> behind;
  private transient ValueState<Integer> heldBack;
  private transient ValueState<Long> lastHeld;
  private transient EngineNow now;
  private transient Counter supersededReminders;
  private transient Counter catchUpSuppressed;

  /**
   * @param sender who the digest is from, for its subject (e.g. "IOC Nghệ An")
   * @param catchUp the catch-up rule, or null (a bounded run: nothing is sent)
   */
  public DigestGrouping(long waitMs, long intervalMs, String sender, Quiet quiet, CatchUp catchUp) {
    this.waitMs = waitMs;
    this.intervalMs = intervalMs;
    this.sender = sender;
    this.quiet = quiet;
    this.catchUp = catchUp;
  }

  @Override
  public void open(OpenContext ctx) {
    var rc = getRuntimeContext();
    pending =
        rc.getListState(
            new ListStateDescriptor<>(
                AlertingState.DIGEST_NOTICES, TypeInformation.of(Notification.Notice.class)));
    flushAt = rc.getState(new ValueStateDescriptor<>(AlertingState.DIGEST_AT, Types.LONG));
    lastFlush = rc.getState(new ValueStateDescriptor<>(AlertingState.DIGEST_LAST, Types.LONG));
    told =
        rc.getMapState(
            new MapStateDescriptor<>(AlertingState.DIGEST_TOLD, Types.STRING, Types.STRING));
    behind =
        rc.getMapState(
            new MapStateDescriptor<>(
                AlertingState.DIGEST_BEHIND,
                Types.STRING,
                TypeInformation.of(Notification.Notice.class)));
    heldBack = rc.getState(new ValueStateDescriptor<>(AlertingState.DIGEST_HELD_BACK, Types.INT));
    lastHeld = rc.getState(new ValueStateDescriptor<>(AlertingState.DIGEST_LAST_HELD, Types.LONG));
    supersededReminders = rc.getMetricGroup().counter("supersededReminders");
    catchUpSuppressed = rc.getMetricGroup().counter("catchUpSuppressed");
    now = catchUp == null ? null : catchUp.now().open();
  }

  /** Reminders dropped so far because a later notice of their alert came with them. */
  long supersededReminders() {
    return supersededReminders.getCount();
  }

  @Override
  public void close() throws Exception {
    if (now instanceof AutoCloseable c) c.close();
  }

  @Override
  public void processElement(Notification.Notice n, Context ctx, Collector<Notification> out)
      throws Exception {
    // behind: the stage (its watermark, the slowest of its inputs) or the notice itself (a backlog
    // read behind the clock: an input that was down while the clock went on); and while notices
    // are being held, the catch-up is not over for this recipient
    long wallNow = ctx.timerService().currentProcessingTime();
    long watermark = ctx.timerService().currentWatermark();
    // the notices of a watermark come before it: before the first one, the notice's time alone
    long stage = watermark == Long.MIN_VALUE ? n.at : Math.min(n.at, watermark);
    if (isBehind(stage) || (!behind.isEmpty() && !settled(wallNow))) {
      holdBack(n, ctx);
      return;
    }
    if (!behind.isEmpty()) catchUp(ctx.getCurrentKey(), n.at, ctx.timerService(), out);
    // the digest goes out when its earliest notice has waited, whatever order notices arrive in
    long at = dueAt(ctx.getCurrentKey(), n.at);
    pending.add(n);
    if (at <= ctx.timerService().currentWatermark()) {
      // due already (the notice came behind the engine's clock): a timer would wait for the
      // clock's next move, which a quiet night may not make for hours
      flush(at, ctx.getCurrentKey(), ctx.timerService(), out);
      return;
    }
    Long due = flushAt.value();
    if (due == null || at < due) {
      flushAt.update(at);
      ctx.timerService().registerEventTimeTimer(at);
    }
  }

  @Override
  public void onTimer(long t, OnTimerContext ctx, Collector<Notification> out) throws Exception {
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      if (behind.isEmpty()) return;
      if (isBehind(ctx.timerService().currentWatermark())
          || !settled(ctx.timerService().currentProcessingTime()))
        recheckCatchUp(ctx.timerService());
      else
        catchUp(
            ctx.getCurrentKey(), ctx.timerService().currentWatermark(), ctx.timerService(), out);
      return;
    }
    if (!behind.isEmpty()
        && !isBehind(ctx.timerService().currentWatermark())
        && settled(ctx.timerService().currentProcessingTime()))
      catchUp(ctx.getCurrentKey(), t, ctx.timerService(), out);
    Long due = flushAt.value();
    if (due == null || due != t) return;
    flush(t, ctx.getCurrentKey(), ctx.timerService(), out);
  }

  /**
   * When the digest opened by a notice of time {@code noticeAt} goes: after the group wait, no
   * sooner than the interval after the last digest, and after the recipient's quiet hours.
   */
  private long dueAt(String recipient, long noticeAt) throws Exception {
    long at = noticeAt + waitMs;
    Long last = lastFlush.value();
    if (last != null) at = Math.max(at, last + intervalMs);
    return quiet.end(recipient, at);
  }

  /**
   * Whether engine time {@code t} is more than the catch-up lag behind the engine's "now", or "now"
   * is not known yet (a simulated clock before its first tick).
   */
  private boolean isBehind(long t) {
    if (now == null) return false;
    java.util.OptionalLong n = now.millis();
    // a simulated clock that has not ticked yet: where the live edge is, is not known yet, and a
    // backlog read before the first tick must not go out as if it were live
    return n.isEmpty() || t < n.getAsLong() - catchUp.lagMs();
  }

  /**
   * Whether the last notice held back came at least {@value #CATCH_UP_SETTLE_MS} ms ago (wall
   * time): a backlog still pouring in is not caught up yet.
   */
  private boolean settled(long processingTime) throws Exception {
    Long last = lastHeld.value();
    return last == null || processingTime - last >= CATCH_UP_SETTLE_MS;
  }

  /** Keeps the alert's latest notice for the catch-up digest, and records why it was not sent. */
  private void holdBack(Notification.Notice n, Context ctx) throws Exception {
    lastHeld.update(ctx.timerService().currentProcessingTime());
    Notification.Notice kept = behind.get(n.alertId);
    if (kept == null || kept.at <= n.at) behind.put(n.alertId, n);
    Integer count = heldBack.value();
    heldBack.update(count == null ? 1 : count + 1);
    catchUpSuppressed.inc();
    InfluxPoint p =
        InfluxPoint.of("alert_notifications", n.at)
            .tag("rule", n.rule)
            .tag("unit", n.unit)
            .tag("reason", SUPPRESSED_CATCH_UP)
            .tag("notice", n.reason.code())
            .field("alert_id", n.alertId)
            .field("recipient", n.recipient)
            .field("level", n.level)
            .field("step", (long) n.escalationStep);
    if (n.sameTime != null) p.tag(SameTimePoints.TAG, n.sameTime);
    ctx.output(RECORDS, p);
    recheckCatchUp(ctx.timerService());
  }

  private static void recheckCatchUp(TimerService timers) {
    long t = timers.currentProcessingTime();
    timers.registerProcessingTimeTimer(
        (Math.floorDiv(t, CATCH_UP_CHECK_MS) + 1) * CATCH_UP_CHECK_MS);
  }

  /**
   * The one digest after a catch-up: the latest of each alert held back, as it stands at {@code
   * caughtUp} (the engine time that found the stage caught up: a notice's, a timer's, or the
   * watermark), with the notices already waiting for a digest up to that time. Before any later
   * digest: one that waits for the recipient's quiet hours to end waits with it.
   */
  private void catchUp(
      String recipient, long caughtUp, TimerService timers, Collector<Notification> out)
      throws Exception {
    List<Notification.Notice> kept = new ArrayList<>();
    long t = caughtUp;
    for (Notification.Notice n : behind.values()) {
      kept.add(n);
      t = Math.max(t, n.at);
    }
    long quietEnd = quiet.end(recipient, t);
    if (quietEnd != t) {
      // the recipient's quiet hours: the digest of the live edge waits for their end
      timers.registerEventTimeTimer(quietEnd);
      return;
    }
    // what waits for a digest up to t joins this one: no later digest tells of an earlier time
    List<Notification.Notice> later = new ArrayList<>();
    for (Notification.Notice n : pending.get()) (n.at <= t ? kept : later).add(n);
    kept.sort(
        Comparator.comparingLong((Notification.Notice n) -> n.at).thenComparing(n -> n.alertId));
    Integer count = heldBack.value();
    behind.clear();
    heldBack.clear();
    DigestLines.Merged merged = lines(kept, true);
    if (!merged.lines().isEmpty()) {
      Notification d = digest(recipient, t, merged, sender);
      d.heldBack = count == null ? 0 : count;
      d.subject = "[" + sender + "] Tổng hợp sau gián đoạn: " + DigestLines.counts(merged.kinds());
      d.notificationId = id(recipient, t, merged.lines(), "catch-up");
      lastFlush.update(t);
      out.collect(d);
    }
    waitForNext(recipient, later, timers);
  }

  /** The digest of time {@code t}: what is stamped up to it; the rest waits for the next one. */
  private void flush(long t, String recipient, TimerService timers, Collector<Notification> out)
      throws Exception {
    // notices stamped after t wait for the next digest: a digest never tells of its future
    List<Notification.Notice> due = new ArrayList<>();
    List<Notification.Notice> later = new ArrayList<>();
    for (Notification.Notice n : pending.get()) (n.at <= t ? due : later).add(n);
    if (!due.isEmpty()) {
      lastFlush.update(t);
      due.sort(
          Comparator.comparingLong((Notification.Notice n) -> n.at).thenComparing(n -> n.alertId));
      DigestLines.Merged merged = lines(due, false);
      supersededReminders.inc(merged.superseded());
      out.collect(digest(recipient, t, merged, sender));
    }
    waitForNext(recipient, later, timers);
  }

  /** {@code later} waits for the next digest, due when its earliest notice has waited. */
  private void waitForNext(String recipient, List<Notification.Notice> later, TimerService timers)
      throws Exception {
    pending.update(later);
    flushAt.clear();
    if (!later.isEmpty()) {
      long at = dueAt(recipient, later.stream().mapToLong(n -> n.at).min().getAsLong());
      flushAt.update(at);
      timers.registerEventTimeTimer(at);
    }
  }

  /**
   * The lines of a digest of {@code notices}, against what the recipient was told so far, which
   * they then become.
   */
  private DigestLines.Merged lines(List<Notification.Notice> notices, boolean dropUntold)
      throws Exception {
    Map<String, String> levels = toldOf(notices);
    DigestLines.Merged merged = DigestLines.merge(notices, levels, dropUntold);
    remember(notices, levels);
    return merged;
  }

  /** The levels told so far of the alerts of {@code notices}. */
  private Map<String, String> toldOf(List<Notification.Notice> notices) throws Exception {
    Map<String, String> levels = new HashMap<>();
    for (Notification.Notice n : notices) {
      String l = told.get(n.alertId);
      if (l != null) levels.put(n.alertId, l);
    }
    return levels;
  }

  /** Stores what a digest told of the alerts of {@code notices}. */
  private void remember(List<Notification.Notice> notices, Map<String, String> levels)
      throws Exception {
    for (Notification.Notice n : notices) {
      String l = levels.get(n.alertId);
      if (l == null) told.remove(n.alertId);
      else told.put(n.alertId, l);
    }
  }

  static Notification digest(String recipient, long t, DigestLines.Merged merged, String sender) {
    Notification d = new Notification();
    d.recipient = recipient;
    d.recipientName = merged.lines().get(0).recipientName;
    d.at = t;
    d.alerts = new ArrayList<>(merged.lines());
    d.notificationId = id(recipient, t, merged.lines(), "");
    d.subject = "[" + sender + "] " + DigestLines.counts(merged.kinds());
    return d;
  }

  private static String id(String recipient, long t, List<Notification.Notice> lines, String kind) {
    StringBuilder id = new StringBuilder(recipient).append('\n').append(t).append(kind);
    for (Notification.Notice n : lines)
      id.append('\n').append(n.alertId).append(' ').append(n.reason).append(' ').append(n.at);
    return UUID.nameUUIDFromBytes(id.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }
}
