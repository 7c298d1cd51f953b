package vn.ioc.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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
}
