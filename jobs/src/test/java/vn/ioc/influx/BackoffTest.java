package vn.ioc.influx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesFrom200MillisUpTo30SecondsWithJitterInTheUpperHalf() {
    Backoff low = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), () -> 0.0);
    Backoff high = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), () -> 1.0);
    long[] ceilings = {200, 400, 800, 1600, 3200, 6400, 12800, 25600, 30000, 30000};
    for (int attempt = 1; attempt <= ceilings.length; attempt++) {
      assertEquals(ceilings[attempt - 1] / 2, low.delayMillis(attempt), "attempt " + attempt);
      assertEquals(ceilings[attempt - 1], high.delayMillis(attempt), "attempt " + attempt);
    }
    assertEquals(30000, high.delayMillis(1_000_000));
  }
}
