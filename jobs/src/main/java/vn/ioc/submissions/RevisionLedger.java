package vn.ioc.submissions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import vn.ioc.calendar.LocalCalendar;
import vn.ioc.calendar.WindowLevel;
import vn.ioc.deadletter.DeadLetters;

/**
 * Keyed by ledger shard ({@link #shardOf}: a hash of {@code reportId}): turns reports into changes
 * of counts. The first report of an id adds its counts; a higher revision adds the difference to
 * the counts it replaces; the same or a lower revision (a re-delivery) changes nothing. A revision
 * that moves the period, unit, district or service is refused ({@code revision-conflict}); so is a
 * period no local month contains ({@code period-too-long}).
 *
 * <p>The last accepted revision is kept until the watermark passes the report's event time plus the
 * acceptance horizon, rounded up to the hour: after that any revision of it is refused as late
 * upstream, so the state is bounded by event-time timers, not a processing-time TTL. The reports of
 * a shard share one timer per hour of expiry: a timer per report made Flink's timer queue the
 * ledger's largest cost.
 */
public final class RevisionLedger
    extends KeyedProcessFunction<Integer, SubmissionReport, Contribution> {
  private static final long serialVersionUID = 1L;

  /**
   * Shards of the ledger: the most parallel instances it can use. Changing it moves every report to
   * another shard: a savepoint taken before does not restore.
   */
  public static final int SHARDS = 512;

  private static final long EXPIRY_STEP_MS = 3_600_000L;

  private final String job;
  private final String topic;
  private final String defaultProvince;
  private final long horizonMs;
  private final LocalCalendar calendar;

  /** By reportId, the last accepted revision. */
  private transient MapState<String, SubmissionReport> accepted;

  /** By expiry time (a multiple of {@link #EXPIRY_STEP_MS}), the reportIds that expire then. */
  private transient MapState<Long, List<String>> expiring;

  private transient DeadLetters.Counters deadLetters;
  private transient Counter duplicates;
  private transient Counter revisions;

  public RevisionLedger(
      String job, String topic, String defaultProvince, Duration horizon, LocalCalendar calendar) {
    this.job = job;
    this.topic = topic;
    this.defaultProvince = defaultProvince;
    this.horizonMs = horizon.toMillis();
    this.calendar = calendar;
  }

  @Override
  public void open(OpenContext ctx) {
    accepted =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    SubmissionsState.ACCEPTED_REVISIONS,
                    Types.STRING,
                    TypeInformation.of(SubmissionReport.class)));
    expiring =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    SubmissionsState.EXPIRING, Types.LONG, Types.LIST(Types.STRING)));
    deadLetters = new DeadLetters.Counters(getRuntimeContext().getMetricGroup());
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicateReports");
    revisions = getRuntimeContext().getMetricGroup().counter("revisedReports");
  }

  @Override
  public void processElement(SubmissionReport report, Context ctx, Collector<Contribution> out)
      throws Exception {
    if (report.provinceCode == null) report.provinceCode = defaultProvince;
    WindowLevel level = calendar.finestContaining(report.periodStart, report.periodEnd);
    if (level == null) {
      refuse(
          report,
          "period-too-long",
          "the period ["
              + report.periodStart
              + ", "
              + report.periodEnd
              + ") lies in no single local calendar month",
          ctx);
      return;
    }
    SubmissionReport previous = accepted.get(report.reportId);
    Counts delta;
    if (previous == null) {
      delta = report.counts.copy();
      expireLater(report, ctx);
    } else if (!previous.sameIdentity(report)) {
      refuse(
          report,
          "revision-conflict",
          "revision "
              + report.revision
              + " of report "
              + report.reportId
              + " changes its period, unit, district or service (accepted revision "
              + previous.revision
              + ")",
          ctx);
      return;
    } else if (report.revision <= previous.revision) {
      duplicates.inc();
      return;
    } else {
      revisions.inc();
      delta = report.counts.minus(previous.counts);
    }
    accepted.put(report.reportId, report);
    // a first report of nothing still opens its windows (a reported zero, not a missing report)
    if (previous != null && delta.isZero()) return;
    Contribution c = new Contribution();
    c.scope = Scope.UNIT_SERVICE;
    c.province = report.provinceCode;
    c.district = report.districtCode;
    c.commune = report.communeCode;
    c.unit = report.unitCode;
    c.service = report.serviceCode;
    c.level = level.ordinal();
    c.windowStart = calendar.start(level, report.periodStart);
    c.delta = delta;
    c.asOf = report.eventTime();
    c.decreased = delta.anyNegative();
    out.collect(c);
  }

  private void refuse(SubmissionReport report, String reason, String detail, Context ctx) {
    deadLetters.count(reason);
    ctx.output(
        DeadLetters.TAG,
        DeadLetters.of(
            job,
            reason,
            detail,
            topic,
            report.sourcePartition,
            report.sourceOffset,
            report.sourceTimestamp,
            report.unitCode,
            SubmissionJson.encode(report)));
  }

  /** The shard of a report: the key of the ledger. */
  public static int shardOf(SubmissionReport report) {
    return Math.floorMod(report.reportId.hashCode(), SHARDS);
  }

  private void expireLater(SubmissionReport report, Context ctx) throws Exception {
    long expiry =
        Math.floorDiv(report.eventTime() + horizonMs + EXPIRY_STEP_MS - 1, EXPIRY_STEP_MS)
            * EXPIRY_STEP_MS;
    List<String> ids = expiring.get(expiry);
    if (ids == null) {
      ids = new ArrayList<>();
      ctx.timerService().registerEventTimeTimer(expiry);
    }
    ids.add(report.reportId);
    expiring.put(expiry, ids);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Contribution> out)
      throws Exception {
    List<String> ids = expiring.get(timestamp);
    if (ids == null) return;
    for (String id : ids) accepted.remove(id);
    expiring.remove(timestamp);
  }
}
