package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Volume against the oracle: 100,000 generated reports (20 units, 10 services, five days), run
 * bounded through the launcher, and every point of every scope and window compared with the naive
 * computation. Catches what a few hundred hand-built messages cannot: many windows per key, timers
 * of many windows firing together, parallel instances.
 */
class SubmissionsVolumeIT {
  static final RealServices.Namespace NS = RealServices.Namespace.fresh("volume");

  @AfterAll
  static void drop() {
    RealServices.dropNamespace(NS);
  }

  @Test
  void everyPointOfAHundredThousandReportsEqualsTheNaiveComputation() throws Exception {
    RealServices.createForSubmissions(NS);
    Path feed = SyntheticFeed.write(Files.createTempFile("volume-", ".jsonl"), 100_000, 11);
    RealServices.produceSubmissions(NS.topic("submissions"), feed);
    List<String> run = new ArrayList<>(List.of("run", "submissions", "--bounded"));
    run.addAll(NS.jobFlags());
    RealServices.ioc(Duration.ofMinutes(5), run.toArray(new String[0]));

    ServiceRatesOracle oracle =
        new ServiceRatesOracle(Files.readAllLines(feed, StandardCharsets.UTF_8), 3);
    Files.delete(feed);
    Map<String, Map<String, Object>> expected = oracle.expectedPoints();
    Map<String, Map<String, Object>> actual = RealServices.serviceRates(NS.database());
    assertTrue(expected.size() > 50_000, "many windows: " + expected.size());
    RealServices.assertSamePoints(expected, actual);
  }
}
