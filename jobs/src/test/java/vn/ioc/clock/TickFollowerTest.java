package vn.ioc.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A simulated clock's "now": the newest valid tick, never back. */
class TickFollowerTest {
  static byte[] tick(String at) {
    return ("{\"at\": \"" + at + "\", \"source\": \"simulator\"}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theNewestValidTickIsNow() {
    TickFollower f = new TickFollower(null, "ioc.clock");
    assertEquals(OptionalLong.empty(), f.millis());
    f.offer(tick("2024-10-15T09:05:00+07:00"));
    f.offer(tick("2024-10-15T09:04:00+07:00")); // behind: changes nothing
    f.offer("not a tick".getBytes(StandardCharsets.UTF_8));
    assertEquals(
        OptionalLong.of(java.time.Instant.parse("2024-10-15T02:05:00Z").toEpochMilli()),
        f.millis());
  }

  @Test
  void theSettingSaysWhichClock() {
    assertEquals(vn.ioc.config.ClockKind.WALL, vn.ioc.config.ClockKind.parse("wall"));
    assertEquals(vn.ioc.config.ClockKind.TICKS, vn.ioc.config.ClockKind.parse(" Ticks "));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> vn.ioc.config.ClockKind.parse("simulated"));
    assertEquals(
        "clock must be 'wall' (production: the wall clock) or 'ticks' (a simulated clock: the"
            + " newest tick on the clock topic), not 'simulated'",
        e.getMessage());
  }
}
