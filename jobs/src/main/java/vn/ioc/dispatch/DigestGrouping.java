package vn.ioc.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import vn.ioc.alerting.AlertingState;

/**
 * Keyed by recipient: groups notices into digests, as Alertmanager's group wait and group interval,
 * so a morning with forty late items is one message, not forty. The first notice opens a digest
 * that goes out {@code wait} later (engine time), but never sooner than {@code interval} after the
 * previous digest; what arrives meanwhile joins it. The digest's id is derived from its recipient,
 * time and notices, so a replay makes the same id (the notifier's idempotency key).
 */
public final class DigestGrouping
    extends KeyedProcessFunction<String, Notification.Notice, Notification> {
  private static final long serialVersionUID = 1L;

  private final long waitMs;
  private final long intervalMs;
  private final String sender;

  private transient ListState<Notification.Notice> pending;
  private transient ValueState<Long> flushAt;
  private transient ValueState<Long> lastFlush;

  /**
   * @param sender who the digest is from, for its subject (e.g. "Trung tâm IOC Nghệ An")
   */
  public DigestGrouping(long waitMs, long intervalMs, String sender) {
    this.waitMs = waitMs;
    this.intervalMs = intervalMs;
    this.sender = sender;
  }

  @Override
  public void open(OpenContext ctx) {
    pending =
        getRuntimeContext()
            .getListState(
                new ListStateDescriptor<>(
                    AlertingState.DIGEST_NOTICES, TypeInformation.of(Notification.Notice.class)));
    flushAt =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>(AlertingState.DIGEST_AT, Types.LONG));
    lastFlush =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>(AlertingState.DIGEST_LAST, Types.LONG));
  }

  @Override
  public void processElement(Notification.Notice n, Context ctx, Collector<Notification> out)
      throws Exception {
    // the digest goes out when its earliest notice has waited, whatever order notices arrive in
    long at = n.at + waitMs;
    Long last = lastFlush.value();
    if (last != null) at = Math.max(at, last + intervalMs);
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
    Long due = flushAt.value();
    if (due == null || due != t) return;
    flush(t, ctx.getCurrentKey(), ctx.timerService(), out);
  }

  /** The digest of time {@code t}: what is stamped up to it; the rest waits for the next one. */
  private void flush(
      long t,
      String recipient,
      org.apache.flink.streaming.api.TimerService timers,
      Collector<Notification> out)
      throws Exception {
    // notices stamped after t wait for the next digest: a digest never tells of its future
    List<Notification.Notice> now = new ArrayList<>();
    List<Notification.Notice> later = new ArrayList<>();
    for (Notification.Notice n : pending.get()) (n.at <= t ? now : later).add(n);
    flushAt.clear();
    if (!now.isEmpty()) {
      lastFlush.update(t);
      now.sort(
          Comparator.comparingLong((Notification.Notice n) -> n.at).thenComparing(n -> n.alertId));
      out.collect(digest(recipient, t, now, sender));
    }
    pending.update(later);
    if (!later.isEmpty()) {
      long at = later.stream().mapToLong(n -> n.at).min().getAsLong() + waitMs;
      Long last = lastFlush.value();
      if (last != null) at = Math.max(at, last + intervalMs);
      flushAt.update(at);
      timers.registerEventTimeTimer(at);
    }
  }

  static Notification digest(
      String recipient, long t, List<Notification.Notice> notices, String sender) {
    Notification d = new Notification();
    d.recipient = recipient;
    d.recipientName = notices.get(0).recipientName;
    d.at = t;
    d.alerts = new ArrayList<>(notices);
    StringBuilder id = new StringBuilder(recipient).append('\n').append(t);
    for (Notification.Notice n : notices)
      id.append('\n').append(n.alertId).append(' ').append(n.reason).append(' ').append(n.at);
    d.notificationId =
        UUID.nameUUIDFromBytes(id.toString().getBytes(StandardCharsets.UTF_8)).toString();
    d.subject = subject(notices, sender);
    return d;
  }

  /** E.g. "Trung tâm IOC: 2 cảnh báo mới, 1 đã hết". */
  static String subject(List<Notification.Notice> notices, String sender) {
    Map<NoticeReason, Integer> counts = new LinkedHashMap<>();
    for (NoticeReason r :
        List.of(
            NoticeReason.ESCALATION,
            NoticeReason.FIRING,
            NoticeReason.REMINDER,
            NoticeReason.RESOLVED)) counts.put(r, 0);
    for (Notification.Notice n : notices) counts.merge(n.reason, 1, Integer::sum);
    List<String> parts = new ArrayList<>();
    counts.forEach(
        (reason, c) -> {
          if (c == 0) return;
          parts.add(c + " " + reason.counted());
        });
    return sender + ": " + String.join(", ", parts);
  }
}
