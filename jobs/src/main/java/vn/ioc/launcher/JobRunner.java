package vn.ioc.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.config.ClockKind;
import vn.ioc.config.IocConfig;
import vn.ioc.health.KnownCodes;
import vn.ioc.progress.ProgressJob;
import vn.ioc.reference.ReferenceData;
import vn.ioc.runtime.FlinkSettings;
import vn.ioc.runtime.RecoveryPoints;
import vn.ioc.submissions.SubmissionsJob;

/**
 * {@code run <job> [--bounded] [--from-savepoint PATH] [--key=value ...]}: builds the job's graph
 * on {@link StreamExecutionEnvironment#getExecutionEnvironment}, so the same main runs embedded
 * (the local demo) and on a Flink cluster ({@code flink run}).
 *
 * <p>Checkpoints every {@code checkpoint-interval} (exactly-once state, Kafka offsets committed on
 * checkpoint), retained on cancellation. Restarts: exponential backoff, unbounded unless {@code
 * restart-attempts} is set (tests bound it). A live run stops with a savepoint on SIGTERM/Ctrl-C
 * and records its path in {@code <state-dir>/<job>.savepoint}.
 */
public final class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  /** The jobs {@code run} starts. */
  static final List<String> JOBS =
      List.of(SubmissionsJob.NAME, ProgressJob.NAME, vn.ioc.alerting.job.AlertingJob.NAME);

  private JobRunner() {}

  /** The parsed command line of {@code run}. */
  public record Invocation(
      String job, boolean bounded, boolean fresh, String fromSavepoint, Map<String, String> flags) {
    Invocation resumingFrom(String path) {
      return new Invocation(job, bounded, fresh, path, flags);
    }

    public static Invocation parse(String[] args) {
      vn.ioc.cli.ToolArgs a =
          vn.ioc.cli.ToolArgs.parse(
              args, java.util.Set.of("from-savepoint"), java.util.Set.of("bounded", "fresh"));
      if (a.positional.size() != 1)
        throw new IllegalArgumentException(
            "usage: run JOB [--bounded] [--fresh | --from-savepoint PATH] [--key=value ...]"
                + " (JOB: "
                + String.join(", ", JOBS)
                + ")");
      String job = a.positional.get(0);
      if (!JOBS.contains(job))
        throw new IllegalArgumentException(
            "no job '"
                + job
                + "': did you mean "
                + vn.ioc.config.IocConfig.nearest(job, JOBS)
                + "? (jobs: "
                + String.join(", ", JOBS)
                + ")");
      boolean fresh = a.has("fresh");
      String savepoint = a.options.get("from-savepoint");
      if (fresh && savepoint != null)
        throw new IllegalArgumentException("--fresh and --from-savepoint exclude each other");
      return new Invocation(job, a.has("bounded"), fresh, savepoint, a.configFlags());
    }
  }

  public static void main(String[] args) throws Exception {
    Invocation inv = Invocation.parse(args);
    Path pidFile =
        Path.of(
                inv.flags()
                    .getOrDefault(IocConfig.STATE_DIR.key(), IocConfig.STATE_DIR.defaultValue()))
            .resolve(inv.job() + ".pid");
    try {
      run(inv);
    } finally {
      // deploy/ioc records a live run's PID (this process: it execs Java); a run that has ended
      // takes it away, so no stale file is left behind
      try {
        if (Files.isRegularFile(pidFile)
            && Files.readString(pidFile)
                .trim()
                .equals(String.valueOf(ProcessHandle.current().pid()))) Files.delete(pidFile);
      } catch (java.io.IOException e) {
        LOG.warn("could not remove {}: {}", pidFile, e.toString());
      }
    }
  }

  private static void run(Invocation inv) throws Exception {
    IocConfig config = IocConfig.load(System.getenv(), inv.flags());
    if (inv.fromSavepoint() != null
        && !Files.exists(FlinkSettings.localPath(inv.fromSavepoint()).resolve("_metadata")))
      throw new vn.ioc.cli.UserError(
          vn.ioc.cli.UserError.STATE,
          "no savepoint at "
              + inv.fromSavepoint()
              + " (a savepoint is a folder holding _metadata; 'deploy/ioc stop "
              + inv.job()
              + " --savepoint' prints where it wrote one)");
    vn.ioc.runtime.Preflight.check(config, topicsOf(inv.job(), config));
    if (!inv.bounded() && !inv.fresh() && inv.fromSavepoint() == null) {
      // A live run carries on from its own last state: starting it empty would rewrite windows
      // that already hold counts with the partial sums of what it reads from then on.
      Path latest = RecoveryPoints.latest(FlinkSettings.stateDir(config), inv.job());
      if (latest != null) {
        inv = inv.resumingFrom(latest.toString());
        System.err.println("resuming " + inv.job() + " from " + latest);
      } else {
        System.err.println("starting " + inv.job() + " with no earlier state");
      }
    }
    if (inv.fromSavepoint() != null) checkRestorable(inv, config);
    LOG.info("starting job {} ({}), {}", inv.job(), inv.bounded() ? "bounded" : "live", config);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            FlinkSettings.of(inv.job(), inv.bounded(), inv.fromSavepoint(), config));
    attach(inv.job(), env, config, inv.bounded());
    if (inv.bounded()) {
      vn.ioc.runtime.DeclinedCheckpoints declined = vn.ioc.runtime.DeclinedCheckpoints.install();
      JobClient bounded = env.executeAsync(inv.job() + " (bounded)");
      // a bounded run's checkpoints are resumed too (a recompute interrupted): marked as a live
      // run's are
      markCheckpoints(config, inv.job(), true, bounded);
      try {
        bounded.getJobExecutionResult().get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw restoreFailure(
            inv, e.getCause() instanceof Exception cause ? cause : new RuntimeException(e));
      }
      if (declined != null && declined.dropped() > 0)
        LOG.info(
            "{} checkpoint warnings not logged: a bounded run's checkpoints are declined once its"
                + " first sources have finished (the acceptance gate keeps union state); the final"
                + " checkpoint committed everything",
            declined.dropped());
      return;
    }
    String job = inv.job();
    JobClient client;
    try {
      client = env.executeAsync(job);
    } catch (Exception e) {
      throw restoreFailure(inv, e);
    }
    // only once the run has started: the state it no longer needs
    Path keep = inv.fromSavepoint() == null ? null : FlinkSettings.localPath(inv.fromSavepoint());
    for (Path removed : RecoveryPoints.prune(FlinkSettings.stateDir(config), inv.job(), keep)) {
      LOG.info("removed {}, which no later run needs", removed);
    }
    Path stateDir = FlinkSettings.stateDir(config);
    markCheckpoints(config, job, false, client);
    Files.writeString(
        stateDir.resolve(inv.job() + ".jobid"),
        client.getJobID().toString(),
        StandardCharsets.UTF_8);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> stopWithSavepoint(client, job, config.get(IocConfig.CLOCK), stateDir),
                "savepoint-on-exit"));
    try {
      client.getJobExecutionResult().get();
    } catch (Exception e) {
      throw restoreFailure(inv, e);
    }
  }

  /**
   * A run that resumed from saved state and failed because that state cannot be read by this
   * version: one line naming {@code --fresh} ({@link vn.ioc.cli.UserError#STATE}); any other
   * failure as it is.
   */
  static Exception restoreFailure(Invocation inv, Exception e) {
    if (inv.fromSavepoint() == null) return e;
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.contains("Failed to rollback to checkpoint/savepoint")
          || m.contains("Unexpected magic number")
          || m.contains("Cannot map checkpoint/savepoint state")
          || t.getClass().getSimpleName().equals("StateMigrationException"))
        return freshNeeded(inv);
    }
    return e;
  }

  /**
   * Refuses, before anything starts, saved state this run cannot restore: of another layout, or
   * saved with another clock ({@link vn.ioc.runtime.StateLayout}).
   */
  static void checkRestorable(Invocation inv, IocConfig config) throws java.io.IOException {
    vn.ioc.runtime.StateLayout.Mark saved =
        vn.ioc.runtime.StateLayout.of(FlinkSettings.localPath(inv.fromSavepoint()));
    if (saved.layout() != layoutOf(inv.job())) throw freshNeeded(inv);
    ClockKind clock = config.get(IocConfig.CLOCK);
    if (saved.clock() != null && saved.clock() != clock)
      throw new vn.ioc.cli.UserError(
          vn.ioc.cli.UserError.STATE,
          "the saved state at "
              + inv.fromSavepoint()
              + " was saved with --clock="
              + saved.clock().name().toLowerCase(java.util.Locale.ROOT)
              + ": resume the "
              + inv.job()
              + " job with --clock="
              + saved.clock().name().toLowerCase(java.util.Locale.ROOT)
              + ", or start it with --fresh to recompute from the retained feed with --clock="
              + clock.name().toLowerCase(java.util.Locale.ROOT));
  }

  private static vn.ioc.cli.UserError freshNeeded(Invocation inv) {
    return new vn.ioc.cli.UserError(
        vn.ioc.cli.UserError.STATE,
        "the saved state at "
            + inv.fromSavepoint()
            + " cannot be restored into the "
            + inv.job()
            + " job as this version builds it: start it with --fresh, which recomputes from the"
            + " retained feed and writes the same history (docs/upgrading.md)");
  }

  /** Marks the folder of the run's checkpoints with its state's layout and clock. */
  private static void markCheckpoints(
      IocConfig config, String job, boolean bounded, JobClient client) throws java.io.IOException {
    Path stateDir = FlinkSettings.stateDir(config);
    Files.createDirectories(stateDir);
    vn.ioc.runtime.StateLayout.mark(
        RecoveryPoints.checkpoints(stateDir, job, bounded).resolve(client.getJobID().toString()),
        layoutOf(job),
        config.get(IocConfig.CLOCK));
  }

  /** The layout of a job's state ({@link vn.ioc.runtime.StateLayout}). */
  static int layoutOf(String job) {
    return switch (job) {
      case SubmissionsJob.NAME -> vn.ioc.submissions.SubmissionsState.LAYOUT;
      case ProgressJob.NAME -> vn.ioc.progress.ProgressState.LAYOUT;
      default -> vn.ioc.alerting.AlertingState.LAYOUT;
    };
  }

  static void attach(String job, StreamExecutionEnvironment env, IocConfig config, boolean bounded)
      throws Exception {
    switch (job) {
      case SubmissionsJob.NAME -> {
        new SubmissionsJob(config, !bounded, knownCodes(config)).attach(env, bounded);
      }
      case ProgressJob.NAME -> {
        new ProgressJob(config, !bounded, workingDays(config)).attach(env, bounded);
      }
      case vn.ioc.alerting.job.AlertingJob.NAME -> {
        java.util.Map<String, String> files =
            vn.ioc.alerting.RuleFiles.load(Path.of(config.get(IocConfig.RULES_DIR)));
        new vn.ioc.alerting.job.AlertingJob(
                config,
                !bounded,
                new vn.ioc.alerting.job.AlertingJob.Rules(
                    files, vn.ioc.alerting.RuleFiles.published(config, files)),
                province(config))
            .attach(env, bounded);
      }
      default ->
          throw new IllegalArgumentException(
              "unknown job: "
                  + job
                  + " (known: "
                  + SubmissionsJob.NAME
                  + ", "
                  + ProgressJob.NAME
                  + ", "
                  + vn.ioc.alerting.job.AlertingJob.NAME
                  + ")");
    }
  }

  /** The topics a job reads and writes: they must exist before it starts. */
  static String[] topicsOf(String job, IocConfig config) {
    List<vn.ioc.config.IocConfig.Setting<String>> topics =
        switch (job) {
          case SubmissionsJob.NAME ->
              List.of(
                  IocConfig.TOPIC_SUBMISSIONS,
                  IocConfig.TOPIC_DEADLETTER,
                  IocConfig.TOPIC_INDICATORS);
          case ProgressJob.NAME ->
              List.of(
                  IocConfig.TOPIC_PROGRESS,
                  IocConfig.TOPIC_CLOCK,
                  IocConfig.TOPIC_DEADLETTER,
                  IocConfig.TOPIC_INDICATORS);
          default ->
              List.of(
                  IocConfig.TOPIC_INDICATORS,
                  IocConfig.TOPIC_ALERT_RULES,
                  IocConfig.TOPIC_CLOCK,
                  IocConfig.TOPIC_ALERTS,
                  IocConfig.TOPIC_ALERT_ACKS,
                  IocConfig.TOPIC_ALERT_SILENCES,
                  IocConfig.TOPIC_NOTIFICATIONS,
                  IocConfig.TOPIC_DEADLETTER);
        };
    return topics.stream().map(config::get).toArray(String[]::new);
  }

  /**
   * The reference data's codes (setting {@code reference-dir}), or null with a warning when absent.
   */
  static KnownCodes knownCodes(IocConfig config) {
    Path dir = Path.of(config.get(IocConfig.REFERENCE_DIR));
    if (!Files.isDirectory(dir)) {
      LOG.warn(
          "no reference data at {}: feed health will not count unknown codes",
          dir.toAbsolutePath());
      return null;
    }
    try {
      return KnownCodes.from(ReferenceData.load(dir), config.get(IocConfig.TIMEZONE));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "cannot read the reference data at " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * What the alerting job knows of the province (setting {@code reference-dir}): people and
   * escalation chains without their contact details, the units' latest names, and the calendar.
   */
  public static vn.ioc.alerting.Province province(IocConfig config) {
    return vn.ioc.alerting.Province.load(
        Path.of(config.get(IocConfig.REFERENCE_DIR)), workingDays(config));
  }

  /**
   * The working-day calendar (setting {@code calendar-dir}, every {@code *.csv} in it); weekends
   * only, with a warning, when the folder is absent.
   */
  static WorkingDays workingDays(IocConfig config) {
    Path dir = Path.of(config.get(IocConfig.CALENDAR_DIR));
    if (!Files.isDirectory(dir)) {
      LOG.warn("no working-day calendar at {}: only weekends are days off", dir.toAbsolutePath());
      return WorkingDays.weekendsOnly();
    }
    try {
      return WorkingDays.load(dir);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "cannot read the calendar at " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void stopWithSavepoint(
      JobClient client, String job, ClockKind clock, Path stateDir) {
    try {
      String path = client.stopWithSavepoint(false, null, SavepointFormatType.CANONICAL).get();
      vn.ioc.runtime.StateLayout.mark(FlinkSettings.localPath(path), layoutOf(job), clock);
      Files.writeString(stateDir.resolve(job + ".savepoint"), path, StandardCharsets.UTF_8);
      System.err.println("stopped " + job + " with savepoint " + path);
    } catch (Exception e) {
      // the job may have ended already (finished or failed): its last checkpoint is retained
      LOG.warn("could not stop {} with a savepoint: {}", job, e.toString());
    }
  }
}
