package vn.ioc.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import vn.ioc.dispatch.Notification;
import vn.ioc.influx.InfluxPoint;
import vn.ioc.influx.InfluxSink;

class InfluxDeliveryRecordsTest {
  /**
   * On a simulated clock (the demo: 2024, read in 2026) a delivery is recorded at the engine's
   * "now", beside the alerts it told of; before the clock's first tick, at its digest's time.
   */
  @Test
  void aDeliveryIsStampedWithTheEnginesNowAndBeforeTheFirstTickWithItsDigestsTime()
      throws Exception {
    List<InfluxPoint> written = new CopyOnWriteArrayList<>();
    InfluxSink.PointWriter writer =
        new InfluxSink.PointWriter() {
          @Override
          public List<String> write(List<InfluxPoint> points) {
            written.addAll(points);
            return List.of();
          }

          @Override
          public void close() {}
        };
    AtomicLong tick = new AtomicLong(Long.MIN_VALUE);
    vn.ioc.clock.EngineNow now =
        () -> tick.get() == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(tick.get());
    Notification n = Fixtures.notification();
    ChannelOutcome delivered = new ChannelOutcome("webhook", "delivered", 1, 200, "delivered");
    long simulated = OffsetDateTime.parse("2024-10-16T08:01:30+07:00").toInstant().toEpochMilli();
    try (InfluxDeliveryRecords records =
        new InfluxDeliveryRecords(writer, new NotifierCounters(), now)) {
      records.record(n, delivered);
      tick.set(simulated);
      records.record(n, delivered);
      records.record(n, delivered);
    }
    assertEquals(
        OffsetDateTime.parse("2024-10-16T08:00:00+07:00").toInstant().toEpochMilli(), n.at);
    assertEquals(
        List.of(n.at, simulated, simulated + 1),
        written.stream().map(p -> p.timeMillis).toList(),
        "each point its own millisecond");
  }
}
