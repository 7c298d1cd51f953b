package vn.ioc.simulator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PacerTest {
  @Test
  void asFastAsPossibleNeverWaits() {
    Pacer pacer = new Pacer(0, 0, new AtomicBoolean());
    for (long arrival = 0; arrival < 10 * 86_400_000L; arrival += 3_600_000L) {
      assertTrue(pacer.await(arrival));
    }
  }

  @Test
  void aClockedRunHoldsAMessageUntilItsTimeAndAStopEndsTheWait() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    Pacer pacer = new Pacer(1, 0, stop);
    assertTrue(pacer.await(0), "the first message sets the clock");
    Thread stopper =
        new Thread(
            () -> {
              try {
                Thread.sleep(300);
              } catch (InterruptedException ignored) {
                return;
              }
              stop.set(true);
            });
    stopper.start();
    // an hour of simulated time at real speed: only the stop ends the wait
    assertFalse(pacer.await(3_600_000L));
    stopper.join();
  }

  @Test
  void anAcceleratedClockHoldsAMessageUntilItsSimulatedTime() {
    // an hour per second: a message half an hour of simulated time later waits half a second
    Pacer pacer = new Pacer(3600, 0, new AtomicBoolean());
    long start = System.nanoTime();
    assertTrue(pacer.await(0));
    assertTrue(pacer.await(1_800_000L));
    long waitedMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(waitedMs >= 495, "waited only " + waitedMs + " ms"); // never early; late is allowed
  }

  @Test
  void aRateCapsTheMessagesPerSecond() {
    // 51 messages at 200 msg/s take at least 250 ms, even as fast as possible
    Pacer pacer = new Pacer(0, 200, new AtomicBoolean());
    long start = System.nanoTime();
    for (int i = 0; i <= 50; i++) assertTrue(pacer.await(0));
    long waitedMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(waitedMs >= 245, "waited only " + waitedMs + " ms");
  }

  @Test
  void noMessageGoesBeforeTheWallClockReachesItsArrival() {
    long present = 1_796_700_000_000L;
    // as fast as possible, but the present is the limit: the past goes at once, 300 ms ahead waits
    Pacer pacer = new Pacer(0, 0, new AtomicBoolean(), Long.MIN_VALUE, () -> present);
    long start = System.nanoTime();
    assertTrue(pacer.await(present - 86_400_000L));
    assertTrue(pacer.await(present));
    assertTrue((System.nanoTime() - start) / 1_000_000 < 250, "the past does not wait");
    assertTrue(pacer.await(present + 300));
    long waitedMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(waitedMs >= 295, "waited only " + waitedMs + " ms");
  }

  @Test
  void aRunKnowsWhenItIsAboutToWaitMoreThanASecond() {
    long present = 1_796_700_000_000L;
    Pacer pacer = new Pacer(0, 0, new AtomicBoolean(), Long.MIN_VALUE, () -> present);
    assertFalse(pacer.waitsLong(present - 86_400_000L), "the past");
    assertFalse(pacer.waitsLong(present + 500), "half a second ahead");
    assertTrue(pacer.waitsLong(present + 60_000), "a minute ahead of the present");
  }
}
