package vn.ioc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryPointsTest {
  @TempDir Path state;

  private Path point(String relative, long modifiedMillis) throws Exception {
    Path dir = state.resolve(relative);
    Files.createDirectories(dir);
    Path metadata = dir.resolve("_metadata");
    Files.writeString(metadata, "x");
    Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
    return dir;
  }

  @Test
  void nothingToResumeFromInAnEmptyStateFolder() {
    assertNull(RecoveryPoints.latest(state, "submissions"));
  }

  @Test
  void theNewestCompleteCheckpointOrSavepointOfTheJobsLiveRunsWins() throws Exception {
    point("checkpoints/submissions/aaaa/chk-7", 1_000);
    Path savepoint = point("savepoints/submissions/savepoint-1", 2_000);
    assertEquals(savepoint, RecoveryPoints.latest(state, "submissions"));
    Path checkpoint = point("checkpoints/submissions/bbbb/chk-3", 3_000);
    assertEquals(checkpoint, RecoveryPoints.latest(state, "submissions"));
    // a checkpoint still being written (no _metadata yet) is not complete
    Files.createDirectories(state.resolve("checkpoints/submissions/bbbb/chk-4"));
    assertEquals(checkpoint, RecoveryPoints.latest(state, "submissions"));
  }

  @Test
  void boundedRunsAndOtherJobsAreNeverResumedFrom() throws Exception {
    Path live = point("checkpoints/submissions/aaaa/chk-1", 1_000);
    point("checkpoints/submissions.bounded/cccc/chk-9", 9_000);
    point("checkpoints/progress/dddd/chk-9", 9_000);
    point("savepoints/progress/savepoint-9", 9_000);
    assertEquals(live, RecoveryPoints.latest(state, "submissions"));
    assertEquals(
        state.resolve("checkpoints/submissions.bounded"),
        RecoveryPoints.checkpoints(state, "submissions", true));
  }

  @Test
  void aLiveRunKeepsWhatItResumesFromAndTheNewestSavepointsAndRemovesTheRest() throws Exception {
    Path oldRun = point("checkpoints/submissions/aaaa/chk-3", 1_000);
    Path resumed = point("checkpoints/submissions/bbbb/chk-8", 6_000);
    Path bounded = point("checkpoints/submissions.bounded/cccc/chk-1", 1_000);
    Path[] savepoints = new Path[5];
    for (int i = 0; i < 5; i++) savepoints[i] = point("savepoints/submissions/sp-" + i, 100 + i);
    List<Path> removed = RecoveryPoints.prune(state, "submissions", resumed);
    assertEquals(
        List.of(oldRun.getParent(), savepoints[1], savepoints[0]), removed, "what was removed");
    assertFalse(Files.exists(oldRun.getParent()));
    assertTrue(Files.exists(resumed.resolve("_metadata")));
    assertTrue(Files.exists(bounded), "bounded runs' checkpoints are not a live run's business");
    for (int i = 2; i < 5; i++) assertTrue(Files.exists(savepoints[i]), "newest three kept");
    // resuming from an old savepoint keeps it too
    Path old = point("savepoints/submissions/sp-old", 10);
    RecoveryPoints.prune(state, "submissions", old);
    assertTrue(Files.exists(old));
    assertFalse(Files.exists(resumed), "the checkpoints of the run before are not needed now");
  }
}
