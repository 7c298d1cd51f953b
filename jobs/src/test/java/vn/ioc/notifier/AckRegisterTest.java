package vn.ioc.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import vn.ioc.dispatch.Ack;
import vn.ioc.dispatch.AckDecoder;

/** The acks given, by firing episode: the first kept, bounded, ready once read back. */
class AckRegisterTest {
  static final long HOUR = 3_600_000L;

  static byte[] record(Ack a) {
    return AckDecoder.encode(a, Fixtures.ZONE).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theFirstAckOfAnEpisodeIsKeptAndAcksWithoutAnEpisodeAreLeftOut() throws Exception {
    AckRegister register = new AckRegister(Duration.ofDays(7), 100);
    assertFalse(register.awaitReady(Duration.ofMillis(1)));
    register.offer(record(Ack.of("a", "U1", "lead.01", 100, null).forEpisode(10)), 0);
    register.offer(record(Ack.of("a", "U1", "vice.1", 200, null).forEpisode(10)), 1);
    register.offer(record(Ack.of("a", "U1", "vice.1", 300, null).forEpisode(20)), 2);
    register.offer(record(Ack.of("b", "U1", "lead.01", 300, "cũ")), 3); // names no episode
    register.offer("{\"alertId\": \"c\"}".getBytes(StandardCharsets.UTF_8), 4); // refused
    register.markReady();
    assertTrue(register.awaitReady(Duration.ZERO));
    assertEquals(new AckRegister.Given("lead.01", 100), register.given("a", 10));
    assertEquals(new AckRegister.Given("vice.1", 300), register.given("a", 20));
    assertNull(register.given("b", Ack.ANY_EPISODE));
    assertEquals(2, register.size());
  }

  @Test
  void anAckIsForgottenOnceEveryLinkSentBeforeItHasExpiredAndTheOldestBeyondTheCapacity() {
    AckRegister register = new AckRegister(Duration.ofHours(2), 3);
    register.remember(Ack.of("a", "U1", "lead.01", 100, null).forEpisode(10), 0);
    register.remember(Ack.of("b", "U1", "lead.01", 100, null).forEpisode(10), HOUR);
    register.remember(Ack.of("c", "U1", "lead.01", 100, null).forEpisode(10), 2 * HOUR + 1);
    assertNull(register.given("a", 10)); // recorded more than two hours before the newest
    assertEquals(2, register.size());
    register.remember(Ack.of("d", "U1", "lead.01", 100, null).forEpisode(10), 2 * HOUR + 2);
    register.remember(Ack.of("e", "U1", "lead.01", 100, null).forEpisode(10), 2 * HOUR + 3);
    assertNull(register.given("b", 10)); // beyond the capacity, the oldest went
    assertEquals(3, register.size());
    assertEquals(new AckRegister.Given("lead.01", 100), register.given("c", 10));
  }
}
