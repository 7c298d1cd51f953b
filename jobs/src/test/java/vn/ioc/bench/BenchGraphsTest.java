package vn.ioc.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.config.IocConfig;
import vn.ioc.runtime.JobGraphsTest;

/** The benchmarks' own graphs, like the jobs': a stable uid on every operator, no Kryo. */
class BenchGraphsTest {
  static final IocConfig CONFIG = IocConfig.of(Map.of());

  @Test
  void everyBenchmarkGraphHasAUidOnEveryOperator() {
    assertTrue(
        JobGraphsTest.graph(env -> SubmissionsBenchmark.bare(env, CONFIG, "bench.submissions"))
                .getNumberOfVertices()
            > 0);
    assertTrue(
        JobGraphsTest.graph(
                    env -> SubmissionsBenchmark.engineOnly(env, CONFIG, "bench.submissions"))
                .getNumberOfVertices()
            > 0);
    assertTrue(
        JobGraphsTest.graph(
                    env ->
                        AlertingBenchmark.engine(
                            env, CONFIG, AlertingBenchmark.rules(), AlertingBenchmark.dutyOnly()))
                .getNumberOfVertices()
            > 0);
    assertTrue(
        JobGraphsTest.graph(
                    env -> ProgressBenchmark.engine(env, CONFIG, WorkingDays.weekendsOnly()))
                .getNumberOfVertices()
            > 0);
  }
}
