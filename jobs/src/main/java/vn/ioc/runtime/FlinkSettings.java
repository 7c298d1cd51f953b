package vn.ioc.runtime;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import vn.ioc.config.IocConfig;

/** How a job runs on the embedded Flink: its configuration and where its state is kept. */
public final class FlinkSettings {
  private FlinkSettings() {}

  /**
   * The embedded Flink's configuration for a run of {@code job}: exactly-once checkpoints in the
   * state folder (setting {@code state-dir}), restarts with exponential backoff, no Kryo fallback,
   * the REST endpoint on the loopback address, and the savepoint to start from, if any.
   */
  public static Configuration of(
      String job, boolean bounded, String fromSavepoint, IocConfig config) {
    Configuration c = new Configuration();
    c.set(PipelineOptions.NAME, job + (bounded ? " (bounded)" : ""));
    // every record type must have a Flink serializer: no silent fallback to Kryo
    c.set(PipelineOptions.GENERIC_TYPES, false);
    c.set(
        org.apache.flink.configuration.CoreOptions.DEFAULT_PARALLELISM,
        config.get(IocConfig.PARALLELISM));
    c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.get(IocConfig.CHECKPOINT_INTERVAL));
    c.set(
        CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
        org.apache.flink.core.execution.CheckpointingMode.EXACTLY_ONCE);
    c.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    c.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    c.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        RecoveryPoints.checkpoints(stateDir(config), job, bounded).toUri().toString());
    c.set(
        CheckpointingOptions.SAVEPOINT_DIRECTORY,
        RecoveryPoints.savepoints(stateDir(config), job).toUri().toString());
    c.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMinutes(10));
    c.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    c.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
        Duration.ofSeconds(1));
    c.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
        Duration.ofMinutes(2));
    c.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS,
        config.get(IocConfig.RESTART_ATTEMPTS));
    // the embedded cluster's REST endpoint (web UI, stop-with-savepoint); 0 picks a free port
    c.set(RestOptions.BIND_PORT, config.get(IocConfig.REST_PORT));
    c.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    c.set(RestOptions.ADDRESS, "127.0.0.1");
    // every other port of the embedded cluster (RPC, blobs, data) on the loopback address too
    c.set(org.apache.flink.configuration.JobManagerOptions.BIND_HOST, "127.0.0.1");
    c.set(org.apache.flink.configuration.JobManagerOptions.ADDRESS, "127.0.0.1");
    c.set(org.apache.flink.configuration.TaskManagerOptions.BIND_HOST, "127.0.0.1");
    c.set(org.apache.flink.configuration.TaskManagerOptions.HOST, "127.0.0.1");
    if (fromSavepoint != null) c.set(StateRecoveryOptions.SAVEPOINT_PATH, fromSavepoint);
    return c;
  }

  /** A savepoint or checkpoint given as a path or a {@code file:} URI. */
  public static Path localPath(String pathOrUri) {
    return pathOrUri.startsWith("file:")
        ? Path.of(java.net.URI.create(pathOrUri))
        : Path.of(pathOrUri);
  }

  public static Path stateDir(IocConfig config) {
    return Path.of(config.get(IocConfig.STATE_DIR)).toAbsolutePath();
  }
}
