package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.deadletter.DeadLetterJson;

/**
 * End to end on the real servers, through the launcher: a fixture of a few hundred hand-built
 * messages produced with {@code deploy/ioc produce}, {@code deploy/ioc run submissions --bounded},
 * then every point of every scope and window in InfluxDB, the dead letters and the indicator bus.
 */
class SubmissionsIT {
  static final Path FIXTURE = RealServices.PROJECT.resolve("jobs/src/test/resources/fixtures/submissions-it.jsonl");
  static final RealServices.Namespace NS = RealServices.Namespace.fresh("submissions");

  @BeforeAll
  static void produceAndRun() throws Exception {
    RealServices.createTopics(NS, Map.of("submissions", 3, "deadletter", 1, "indicators", 3));
    RealServices.createDatabase(NS);
    RealServices.ioc(Duration.ofMinutes(2), "produce", NS.topic("submissions"), FIXTURE.toString(), "--key-field", "unitCode");
    List<String> run = new ArrayList<>(List.of("run", "submissions", "--bounded"));
    run.addAll(NS.jobFlags());
    RealServices.ioc(Duration.ofMinutes(5), run.toArray(new String[0]));
  }

  @AfterAll
  static void drop() {
    RealServices.dropNamespace(NS);
  }

  static Map<String, Map<String, Object>> actualPoints() {
    return RealServices.serviceRates(NS.database());
  }

  @Test
  void everyScopeAndWindowHoldsExactlyTheExpectedValues() throws Exception {
    ServiceRatesOracle oracle = new ServiceRatesOracle(Files.readAllLines(FIXTURE, StandardCharsets.UTF_8), 3);
    Map<String, Map<String, Object>> expected = oracle.expectedPoints();
    Map<String, Map<String, Object>> actual = actualPoints();
    RealServices.assertSameKeys(expected.keySet(), actual.keySet());
    for (String k : expected.keySet()) {
      Map<String, Object> e = expected.get(k);
      Map<String, Object> a = actual.get(k);
      assertEquals(e.keySet(), a.keySet(), "fields of " + k);
      for (String f : e.keySet()) {
        if (e.get(f) instanceof Double d) assertEquals(d, (Double) a.get(f), 1e-9, f + " of " + k);
        else assertEquals(e.get(f), a.get(f), f + " of " + k);
      }
    }
    assertTrue(expected.size() > 500, "the fixture covers many series: " + expected.size());
  }

  @Test
  void refusedMessagesAreDeadLetteredWithTheirReason() throws Exception {
    Map<String, Integer> reasons = new TreeMap<>();
    List<DeadLetter> letters = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : RealServices.readAll(NS.topic("deadletter"))) {
      DeadLetter d = DeadLetterJson.decode(r.value());
      letters.add(d);
      reasons.merge(d.reason, 1, Integer::sum);
    }
    assertEquals(Map.of("bad-json", 2, "missing-field", 1, "wrong-type", 1, "out-of-range", 1, "bad-timestamp", 1,
        "bad-period", 1, "inconsistent-counts", 1, "period-too-long", 1, "late", 2, "revision-conflict", 1), reasons);
    for (DeadLetter d : letters) {
      assertEquals(NS.topic("submissions"), d.sourceTopic, d.toString());
      assertEquals("submissions", d.job);
      assertTrue(d.sourceOffset >= 0, "offset known: " + d);
      assertTrue(d.payload != null && !d.payload.isEmpty(), "payload kept: " + d);
    }
    assertEquals(new TreeMap<>(Map.of("late", 2, "period-too-long", 1, "revision-conflict", 1)),
        new ServiceRatesOracle(Files.readAllLines(FIXTURE, StandardCharsets.UTF_8), 3).refusedAfterDecoding);
  }

  @Test
  void everyWriteIsAlsoOnTheIndicatorBus() throws Exception {
    List<ConsumerRecord<byte[], byte[]>> bus = RealServices.readAll(NS.topic("indicators"));
    int points = actualPoints().size();
    assertEquals(points, bus.size(), "a bounded run writes each window once, and publishes each write once");
    String first = new String(bus.get(0).value(), StandardCharsets.UTF_8);
    assertTrue(first.contains("\"measurement\":\"service_rates\"") && first.contains("\"final\":true"), first);
  }
}
