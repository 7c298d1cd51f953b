package vn.ioc.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static vn.ioc.notifier.AckPageTest.ALERT_ID;
import static vn.ioc.notifier.AckPageTest.at;
import static vn.ioc.notifier.AckPageTest.firing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import vn.ioc.alerting.AlertChange;
import vn.ioc.alerting.AlertEvent;
import vn.ioc.alerting.AlertOutputs;

/** The alerts' latest events by firing episode, bounded. */
class AlertEpisodesTest {
  static final long HOUR = 3_600_000L;

  static void offer(AlertEpisodes known, AlertEvent e, long recordedAt) {
    known.offer(AlertOutputs.json(e, Fixtures.ZONE), recordedAt);
  }

  @Test
  void eachFiringEpisodeIsKeptApartAndAnAckKeepsItsTime() {
    AlertEpisodes known = new AlertEpisodes(Duration.ofDays(7), 100);
    AlertEvent acked = firing().copy();
    acked.state = AlertChange.ACKNOWLEDGED;
    acked.at = at("09:05");
    acked.acknowledgedBy = "lead.01";
    AlertEvent later = firing().copy();
    later.at = at("10:00");
    later.acknowledgedBy = "lead.01";
    AlertEvent again = firing().copy(); // fired again after it resolved: another episode
    again.at = at("15:00");
    again.since = at("15:00");
    offer(known, firing(), 0);
    offer(known, acked, 1);
    offer(known, later, 2);
    offer(known, again, 3);
    known.offer("{\"not\": \"an alert\"}".getBytes(StandardCharsets.UTF_8), 4);
    known.offer("[".getBytes(StandardCharsets.UTF_8), 5);
    AlertEpisodes.Seen first = known.seen(ALERT_ID, at("09:00"));
    assertEquals("lead.01", first.acknowledgedBy());
    assertEquals(at("09:05"), first.acknowledgedAt());
    assertEquals(AlertEpisodes.UNKNOWN, first.endsAt());
    AlertEpisodes.Seen second = known.seen(ALERT_ID, at("15:00"));
    assertNull(second.acknowledgedBy());
    assertEquals(2, known.size());
    assertNull(known.seen(ALERT_ID, at("09:01")));
  }

  @Test
  void aResolvedEpisodeIsForgottenAfterAWhileAndTheOldestBeyondTheCapacity() {
    AlertEpisodes known = new AlertEpisodes(Duration.ofHours(2), 3);
    AlertEvent resolved = firing().copy();
    resolved.state = AlertChange.RESOLVED;
    resolved.at = at("10:00");
    offer(known, firing(), 0);
    offer(known, resolved, HOUR);
    AlertEvent other = firing().copy();
    other.series = "service_rates,scope=unit,unit=000.00.09.H40,window=1d";
    offer(known, other, 2 * HOUR);
    assertEquals(at("10:00"), known.seen(ALERT_ID, at("09:00")).endsAt());
    offer(known, other, 3 * HOUR + 1); // more than two hours after the resolution
    assertNull(known.seen(ALERT_ID, at("09:00")));
    assertEquals(1, known.size());
    for (int i = 1; i <= 4; i++) {
      AlertEvent e = firing().copy();
      e.since = at("09:00") + i;
      offer(known, e, 4 * HOUR);
    }
    // the firing episode of 000.00.09.H40 changed longest ago: it went first
    assertEquals(3, known.size());
    assertNull(known.seen(other.alertId(), other.since));
    assertNull(known.seen(ALERT_ID, at("09:00") + 1));
    assertEquals(AlertEpisodes.UNKNOWN, known.seen(ALERT_ID, at("09:00") + 4).endsAt());
  }
}
