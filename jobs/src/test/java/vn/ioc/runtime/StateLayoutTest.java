package vn.ioc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateLayoutTest {
  @TempDir Path state;

  @Test
  void aCheckpointHasItsRunsLayoutASavepointItsOwnAndUnmarkedStateIsTheFirst() throws Exception {
    Path run = RecoveryPoints.checkpoints(state, "alerting", false).resolve("5e00c71b");
    Path checkpoint = Files.createDirectories(run.resolve("chk-7"));
    Path savepoint = Files.createDirectories(state.resolve("savepoints/alerting/savepoint-1"));
    assertEquals(StateLayout.UNMARKED, StateLayout.of(checkpoint), "written before marks");
    assertEquals(1, StateLayout.of(savepoint));

    StateLayout.mark(run, 2);
    StateLayout.mark(savepoint, 3);
    assertEquals(2, StateLayout.of(checkpoint));
    assertEquals(2, StateLayout.of(run));
    assertEquals(3, StateLayout.of(savepoint));
    assertEquals(
        1,
        StateLayout.of(Files.createDirectories(state.resolve("savepoints/alerting/savepoint-2"))),
        "a savepoint's sibling is not its run");
  }

  @Test
  void aMarkThatIsNotANumberIsSaidWithWhereItIs() throws Exception {
    Path savepoint = Files.createDirectories(state.resolve("savepoint-x"));
    Files.writeString(savepoint.resolve(StateLayout.FILE), "two\n");
    IOException e = assertThrows(IOException.class, () -> StateLayout.of(savepoint));
    assertEquals(
        "not a state layout in " + savepoint.resolve(StateLayout.FILE) + ": two", e.getMessage());
  }
}
