package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import vn.ioc.clock.ClockDecoder;
import vn.ioc.clock.ClockTick;

/** {@code deploy/ioc clock}: a tick at every whole interval of wall time, on the real broker. */
class ClockToolIT {
  static final RealServices.Namespace NS = RealServices.Namespace.fresh("clock");

  @AfterAll
  static void drop() {
    RealServices.dropNamespace(NS);
  }

  @Test
  void ticksAtEveryWholeSecondUntilStopped() throws Exception {
    RealServices.createTopics(NS, Map.of("clock", 1));
    long started = System.currentTimeMillis();
    Process clock =
        RealServices.launcher(
                Map.of(), "clock", "--every", "1s", "--topic.clock=" + NS.topic("clock"))
            .redirectErrorStream(true)
            .redirectOutput(Files.createTempFile("clock-", ".log").toFile())
            .start();
    List<ClockTick> ticks = new ArrayList<>();
    try {
      long deadline = System.currentTimeMillis() + 60_000;
      while (ticks.size() < 3 && System.currentTimeMillis() < deadline) {
        Thread.sleep(1000);
        ticks.clear();
        for (ConsumerRecord<byte[], byte[]> r : RealServices.readAll(NS.topic("clock"))) {
          assertEquals("launcher", new String(r.key(), StandardCharsets.UTF_8));
          ticks.add(new ClockDecoder().decode(r.value()));
        }
      }
    } finally {
      clock.destroy();
      assertTrue(clock.waitFor(30, TimeUnit.SECONDS), "the clock stops on SIGTERM");
    }
    assertTrue(ticks.size() >= 3, ticks.size() + " ticks");
    for (int i = 0; i < ticks.size(); i++) {
      assertEquals(0, ticks.get(i).at % 1000, "a whole second");
      assertTrue(ticks.get(i).at > started);
      if (i > 0) assertEquals(1000, ticks.get(i).at - ticks.get(i - 1).at, "one a second");
    }
  }
}
