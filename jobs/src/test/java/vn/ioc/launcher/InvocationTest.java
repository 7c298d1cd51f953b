package vn.ioc.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code deploy/ioc run JOB ...}: the launcher's command line. */
class InvocationTest {
  @Test
  void theRunCommandLine() {
    JobRunner.Invocation inv =
        JobRunner.Invocation.parse(
            new String[] {
              "submissions",
              "--bounded",
              "--from-savepoint",
              "/tmp/sp-1",
              "--influx.db=x",
              "--parallelism",
              "1"
            });
    assertEquals("submissions", inv.job());
    assertTrue(inv.bounded());
    assertEquals("/tmp/sp-1", inv.fromSavepoint());
    assertEquals(Map.of("influx.db", "x", "parallelism", "1"), inv.flags());
    assertFalse(inv.fresh());
    JobRunner.Invocation fresh =
        JobRunner.Invocation.parse(new String[] {"submissions", "--fresh"});
    assertTrue(fresh.fresh());
    assertEquals(null, fresh.fromSavepoint());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            JobRunner.Invocation.parse(
                new String[] {"submissions", "--fresh", "--from-savepoint", "/tmp/sp-1"}));
  }

  @Test
  void anUnknownJobIsNamedWithTheNearest() {
    assertEquals(
        "no job 'submission': did you mean submissions? (jobs: submissions, progress, alerting)",
        assertThrows(
                IllegalArgumentException.class,
                () -> JobRunner.Invocation.parse(new String[] {"submission"}))
            .getMessage());
  }
}
