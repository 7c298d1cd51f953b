package vn.ioc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ioc.config.ClockKind;
import vn.ioc.runtime.StateLayout.Mark;

class StateLayoutTest {
  @TempDir Path state;

  @Test
  void aCheckpointHasItsRunsLayoutASavepointItsOwnAndUnmarkedStateIsTheFirst() throws Exception {
    Path run = RecoveryPoints.checkpoints(state, "alerting", false).resolve("5e00c71b");
    Path checkpoint = Files.createDirectories(run.resolve("chk-7"));
    Path savepoint = Files.createDirectories(state.resolve("savepoints/alerting/savepoint-1"));
    assertEquals(new Mark(1, null), StateLayout.of(checkpoint), "written before marks");
    assertEquals(new Mark(1, null), StateLayout.of(savepoint));

    StateLayout.mark(run, 2, ClockKind.WALL);
    StateLayout.mark(savepoint, 3, ClockKind.TICKS);
    assertEquals(new Mark(2, ClockKind.WALL), StateLayout.of(checkpoint));
    assertEquals(new Mark(2, ClockKind.WALL), StateLayout.of(run));
    assertEquals(new Mark(3, ClockKind.TICKS), StateLayout.of(savepoint));
    assertEquals("3\nclock=ticks\n", Files.readString(savepoint.resolve(StateLayout.FILE)));
    assertEquals(
        new Mark(1, null),
        StateLayout.of(Files.createDirectories(state.resolve("savepoints/alerting/savepoint-2"))),
        "a savepoint's sibling is not its run");
  }

  @Test
  void aMarkOfBefore050SaysNoClock() throws Exception {
    Path savepoint = Files.createDirectories(state.resolve("savepoint-1"));
    Files.writeString(savepoint.resolve(StateLayout.FILE), "2\n");
    assertEquals(new Mark(2, null), StateLayout.of(savepoint));
  }

  @Test
  void aMarkThatIsNotANumberIsSaidWithWhereItIs() throws Exception {
    Path savepoint = Files.createDirectories(state.resolve("savepoint-x"));
    Files.writeString(savepoint.resolve(StateLayout.FILE), "two\n");
    IOException e = assertThrows(IOException.class, () -> StateLayout.of(savepoint));
    assertEquals(
        "not a state layout in " + savepoint.resolve(StateLayout.FILE) + ": two", e.getMessage());
    Files.writeString(savepoint.resolve(StateLayout.FILE), "2\nclock=sundial\n");
    e = assertThrows(IOException.class, () -> StateLayout.of(savepoint));
    assertEquals(
        "not a state layout in " + savepoint.resolve(StateLayout.FILE) + ": 2 clock=sundial",
        e.getMessage());
  }
}
