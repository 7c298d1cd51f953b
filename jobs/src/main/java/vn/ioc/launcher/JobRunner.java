package vn.ioc.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ioc.calendar.WorkingDays;
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

  private JobRunner() {}

  /** The parsed command line of {@code run}. */
  public record Invocation(
      String job, boolean bounded, boolean fresh, String fromSavepoint, Map<String, String> flags) {
    Invocation resumingFrom(String path) {
      return new Invocation(job, bounded, fresh, path, flags);
    }

    public static Invocation parse(String[] args) {
      if (args.length == 0)
        throw new IllegalArgumentException(
            "usage: run <job> [--bounded] [--fresh | --from-savepoint PATH] [--key=value ...]");
      boolean bounded = false;
      boolean fresh = false;
      String savepoint = null;
      Map<String, String> flags = new LinkedHashMap<>();
      List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
      for (int i = 0; i < rest.size(); i++) {
        String a = rest.get(i);
        if (a.equals("--bounded")) {
          bounded = true;
        } else if (a.equals("--fresh")) {
          fresh = true;
        } else if (a.equals("--from-savepoint")) {
          savepoint = rest.get(++i);
        } else if (a.startsWith("--from-savepoint=")) {
          savepoint = a.substring("--from-savepoint=".length());
        } else if (a.startsWith("--") && a.contains("=")) {
          flags.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        } else if (a.startsWith("--") && i + 1 < rest.size()) {
          flags.put(a.substring(2), rest.get(++i));
        } else {
          throw new IllegalArgumentException("unexpected argument: " + a);
        }
      }
      if (fresh && savepoint != null)
        throw new IllegalArgumentException("--fresh and --from-savepoint exclude each other");
      return new Invocation(args[0], bounded, fresh, savepoint, flags);
    }
  }

  public static void main(String[] args) throws Exception {
    Invocation inv = Invocation.parse(args);
    IocConfig config = IocConfig.load(System.getenv(), inv.flags());
    LOG.info("starting job {} ({}), {}", inv.job(), inv.bounded() ? "bounded" : "live", config);
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
    if (!inv.bounded()) {
      Path keep = inv.fromSavepoint() == null ? null : FlinkSettings.localPath(inv.fromSavepoint());
      for (Path removed : RecoveryPoints.prune(FlinkSettings.stateDir(config), inv.job(), keep)) {
        LOG.info("removed {}, which no later run needs", removed);
      }
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            FlinkSettings.of(inv.job(), inv.bounded(), inv.fromSavepoint(), config));
    attach(inv.job(), env, config, inv.bounded());
    if (inv.bounded()) {
      env.execute(inv.job() + " (bounded)");
      return;
    }
    String job = inv.job();
    JobClient client = env.executeAsync(job);
    Path stateDir = FlinkSettings.stateDir(config);
    Files.createDirectories(stateDir);
    Files.writeString(
        stateDir.resolve(inv.job() + ".jobid"),
        client.getJobID().toString(),
        StandardCharsets.UTF_8);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> stopWithSavepoint(client, job, stateDir), "savepoint-on-exit"));
    client.getJobExecutionResult().get();
  }

  static void attach(String job, StreamExecutionEnvironment env, IocConfig config, boolean bounded)
      throws Exception {
    switch (job) {
      case SubmissionsJob.NAME -> {
        requireTopics(
            config,
            config.get(IocConfig.TOPIC_SUBMISSIONS),
            config.get(IocConfig.TOPIC_DEADLETTER),
            config.get(IocConfig.TOPIC_INDICATORS));
        new SubmissionsJob(config, !bounded, knownCodes(config)).attach(env, bounded);
      }
      case ProgressJob.NAME -> {
        requireTopics(
            config,
            config.get(IocConfig.TOPIC_PROGRESS),
            config.get(IocConfig.TOPIC_CLOCK),
            config.get(IocConfig.TOPIC_DEADLETTER),
            config.get(IocConfig.TOPIC_INDICATORS));
        new ProgressJob(config, !bounded, workingDays(config)).attach(env, bounded);
      }
      case vn.ioc.alerting.job.AlertingJob.NAME -> {
        requireTopics(
            config,
            config.get(IocConfig.TOPIC_INDICATORS),
            config.get(IocConfig.TOPIC_ALERT_RULES),
            config.get(IocConfig.TOPIC_CLOCK),
            config.get(IocConfig.TOPIC_ALERTS),
            config.get(IocConfig.TOPIC_ALERT_ACKS),
            config.get(IocConfig.TOPIC_ALERT_SILENCES),
            config.get(IocConfig.TOPIC_NOTIFICATIONS),
            config.get(IocConfig.TOPIC_DEADLETTER));
        java.util.Map<String, String> files =
            vn.ioc.alerting.RuleFiles.load(Path.of(config.flag("rules-dir", "deploy/rules")));
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

  /**
   * Fails fast, and clearly, when a topic is missing: the broker does not create topics on demand
   * (nor should it), and a Kafka producer would otherwise wait for the topic forever.
   */
  static void requireTopics(IocConfig config, String... topics) throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(config.kafkaClientProperties())) {
      java.util.Set<String> existing =
          admin.listTopics().names().get(60, java.util.concurrent.TimeUnit.SECONDS);
      List<String> missing =
          java.util.Arrays.stream(topics).filter(t -> !existing.contains(t)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "missing Kafka topics "
                + missing
                + " on "
                + config.get(IocConfig.KAFKA_BOOTSTRAP)
                + ": create them (deploy/ioc topics) or point the job at existing ones");
      }
    }
  }

  /**
   * The reference data's codes (setting {@code reference-dir}), or null with a warning when absent.
   */
  static KnownCodes knownCodes(IocConfig config) {
    Path dir = Path.of(config.flag("reference-dir", "deploy/reference/nghe-an"));
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
        Path.of(config.flag("reference-dir", "deploy/reference/nghe-an")), workingDays(config));
  }

  /**
   * The working-day calendar (setting {@code calendar-dir}, every {@code *.csv} in it); weekends
   * only, with a warning, when the folder is absent.
   */
  static WorkingDays workingDays(IocConfig config) {
    Path dir = Path.of(config.flag("calendar-dir", "deploy/calendar"));
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

  private static void stopWithSavepoint(JobClient client, String job, Path stateDir) {
    try {
      String path = client.stopWithSavepoint(false, null, SavepointFormatType.CANONICAL).get();
      Files.writeString(stateDir.resolve(job + ".savepoint"), path, StandardCharsets.UTF_8);
      System.err.println("stopped " + job + " with savepoint " + path);
    } catch (Exception e) {
      // the job may have ended already (finished or failed): its last checkpoint is retained
      LOG.warn("could not stop {} with a savepoint: {}", job, e.toString());
    }
  }
}
