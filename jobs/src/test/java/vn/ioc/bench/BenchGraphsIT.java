package vn.ioc.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.config.IocConfig;
import vn.ioc.runtime.JobGraphsIT;

/** The benchmarks' own graphs, like the jobs': a stable uid on every operator, no Kryo. */
class BenchGraphsIT {
  /** The test run's Kafka: a job that reads a feed per partition asks it how many there are. */
  static final IocConfig CONFIG = load();

  static IocConfig load() {
    try {
      return IocConfig.load(System.getenv(), Map.of());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void everyBenchmarkGraphHasAUidOnEveryOperator() {
    assertTrue(
        JobGraphsIT.graph(env -> SubmissionsBenchmark.bare(env, CONFIG, "bench.submissions"))
                .getNumberOfVertices()
            > 0);
    assertTrue(
        JobGraphsIT.graph(env -> SubmissionsBenchmark.engineOnly(env, CONFIG, "bench.submissions"))
                .getNumberOfVertices()
            > 0);
    assertTrue(
        JobGraphsIT.graph(
                    env ->
                        AlertingBenchmark.engine(
                            env, CONFIG, AlertingBenchmark.rules(), AlertingBenchmark.dutyOnly()))
                .getNumberOfVertices()
            > 0);
    assertTrue(
        JobGraphsIT.graph(env -> ProgressBenchmark.engine(env, CONFIG, WorkingDays.weekendsOnly()))
                .getNumberOfVertices()
            > 0);
  }
}
