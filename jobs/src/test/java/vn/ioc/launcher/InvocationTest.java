package vn.ioc.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ioc.config.ClockKind;
import vn.ioc.config.IocConfig;
import vn.ioc.runtime.StateLayout;

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

  @Test
  void savedStateOfAnotherLayoutOrClockIsRefusedInOneLine(@TempDir Path state) throws Exception {
    Path savepoint = Files.createDirectories(state.resolve("savepoint-1"));
    JobRunner.Invocation inv =
        JobRunner.Invocation.parse(
            new String[] {"alerting", "--from-savepoint", savepoint.toString()});
    IocConfig wall = IocConfig.of(Map.of());
    StateLayout.mark(savepoint, vn.ioc.alerting.AlertingState.LAYOUT, ClockKind.TICKS);
    vn.ioc.cli.UserError e =
        assertThrows(vn.ioc.cli.UserError.class, () -> JobRunner.checkRestorable(inv, wall));
    assertEquals(vn.ioc.cli.UserError.STATE, e.exitCode());
    assertEquals(
        "the saved state at "
            + savepoint
            + " was saved with --clock=ticks: resume the alerting job with --clock=ticks, or start"
            + " it with --fresh to recompute from the retained feed with --clock=wall",
        e.getMessage());
    JobRunner.checkRestorable(inv, IocConfig.of(Map.of("clock", "ticks")));

    StateLayout.mark(savepoint, vn.ioc.alerting.AlertingState.LAYOUT - 1, ClockKind.WALL);
    e = assertThrows(vn.ioc.cli.UserError.class, () -> JobRunner.checkRestorable(inv, wall));
    assertEquals(
        "the saved state at "
            + savepoint
            + " cannot be restored into the alerting job as this version builds it: start it with"
            + " --fresh, which recomputes from the retained feed and writes the same history"
            + " (docs/upgrading.md)",
        e.getMessage());
  }
}
