package vn.ioc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import vn.ioc.alerting.Province;
import vn.ioc.alerting.job.AlertingJob;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.config.IocConfig;
import vn.ioc.progress.ProgressJob;
import vn.ioc.reference.Directory;
import vn.ioc.submissions.SubmissionsJob;

/**
 * Every job's graph, live and bounded, builds with Flink's automatic uids turned off and without
 * Kryo (against the real Kafka: the progress and alerting jobs read their feed with one reader per
 * partition, and ask how many there are): an operator without a stable uid, or a record type
 * without a Flink serializer, fails the build here rather than a restore in production.
 */
public class JobGraphsIT {
  /** The test run's Kafka: a job that reads a feed per partition asks it how many there are. */
  static final IocConfig CONFIG = load(Map.of());

  /** The same with a simulated clock: the jobs also read the clock for their feed's freshness. */
  static final IocConfig TICKS = load(Map.of("clock", "ticks"));

  static IocConfig load(Map<String, String> flags) {
    try {
      return IocConfig.load(System.getenv(), flags);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static JobGraph graph(Consumer<StreamExecutionEnvironment> job) {
    Configuration c = FlinkSettings.of("graphs", false, null, CONFIG);
    c.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
    job.accept(env);
    return env.getStreamGraph().getJobGraph();
  }

  @Test
  void everyJobLiveAndBoundedHasAUidOnEveryOperatorAndNoKryo() {
    Province province =
        new Province(new Directory(Map.of(), Map.of()), Map.of(), WorkingDays.weekendsOnly());
    for (boolean bounded : new boolean[] {false, true}) {
      for (IocConfig config : List.of(CONFIG, TICKS)) {
        assertTrue(
            graph(env -> new SubmissionsJob(config, !bounded, null).attach(env, bounded))
                    .getNumberOfVertices()
                > 0);
        assertTrue(
            graph(
                        env ->
                            new ProgressJob(config, !bounded, WorkingDays.weekendsOnly())
                                .attach(env, bounded))
                    .getNumberOfVertices()
                > 0);
      }
      assertTrue(
          graph(
                      env ->
                          new AlertingJob(
                                  CONFIG, !bounded, AlertingJob.Rules.of(Map.of()), province)
                              .attach(env, bounded))
                  .getNumberOfVertices()
              > 0);
    }
  }

  @Test
  void theEmbeddedClusterListensOnTheLoopbackOnly() {
    Configuration c = FlinkSettings.of("submissions", false, null, CONFIG);
    assertEquals("127.0.0.1", c.get(RestOptions.BIND_ADDRESS));
    assertEquals("8081-8181", c.get(RestOptions.BIND_PORT));
    assertEquals("127.0.0.1", c.get(JobManagerOptions.BIND_HOST));
    assertEquals("127.0.0.1", c.get(TaskManagerOptions.BIND_HOST));
    assertEquals(false, c.get(PipelineOptions.GENERIC_TYPES));
  }
}
