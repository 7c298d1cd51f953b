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
  static final Path FIXTURE =
      RealServices.PROJECT.resolve("jobs/src/test/resources/fixtures/submissions-it.jsonl");
  static final RealServices.Namespace NS = RealServices.Namespace.fresh("submissions");

  @BeforeAll
  static void produceAndRun() throws Exception {
    RealServices.createForSubmissions(NS);
    RealServices.produceSubmissions(NS.topic("submissions"), FIXTURE);
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
    ServiceRatesOracle oracle =
        new ServiceRatesOracle(Files.readAllLines(FIXTURE, StandardCharsets.UTF_8), 3);
    Map<String, Map<String, Object>> expected = oracle.expectedPoints();
    Map<String, Map<String, Object>> actual = actualPoints();
    RealServices.assertSamePoints(expected, actual);
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
    assertEquals(
        Map.of(
            "bad-json",
            2,
            "missing-field",
            1,
            "wrong-type",
            1,
            "out-of-range",
            1,
            "bad-timestamp",
            1,
            "bad-period",
            1,
            "inconsistent-counts",
            1,
            "period-too-long",
            1,
            "late",
            2,
            "revision-conflict",
            1),
        reasons);
    for (DeadLetter d : letters) {
      assertEquals(NS.topic("submissions"), d.sourceTopic, d.toString());
      assertEquals("submissions", d.job);
      assertTrue(d.sourceOffset >= 0, "offset known: " + d);
      assertTrue(d.payload != null && !d.payload.isEmpty(), "payload kept: " + d);
    }
    assertEquals(
        new TreeMap<>(Map.of("late", 2, "period-too-long", 1, "revision-conflict", 1)),
        new ServiceRatesOracle(Files.readAllLines(FIXTURE, StandardCharsets.UTF_8), 3)
            .refusedAfterDecoding);
  }

  @Test
  void everyWriteIsAlsoOnTheIndicatorBus() throws Exception {
    List<ConsumerRecord<byte[], byte[]>> bus = RealServices.readAll(NS.topic("indicators"));
    Map<String, Integer> byMeasurement = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : bus) {
      String json = new String(r.value(), StandardCharsets.UTF_8);
      assertTrue(json.contains("\"final\":true"), json);
      byMeasurement.merge(
          json.contains("\"measurement\":\"service_rates\"") ? "service_rates" : "other",
          1,
          Integer::sum);
    }
    int feedHealthPoints =
        RealServices.rows(NS.database(), "SELECT * FROM feed_health GROUP BY *").size();
    assertEquals(
        Map.of("service_rates", actualPoints().size(), "other", feedHealthPoints),
        byMeasurement,
        "a bounded run writes each window once, and publishes each write once");
  }

  @Test
  void feedHealthCountsEveryMessageUnderItsUnit() throws Exception {
    List<String> lines = Files.readAllLines(FIXTURE, StandardCharsets.UTF_8);
    long decodable = 0;
    long unknownService = 0;
    for (String line : lines) {
      try {
        vn.ioc.submissions.SubmissionReport r =
            new vn.ioc.submissions.SubmissionDecoder()
                .decode(line.getBytes(StandardCharsets.UTF_8));
        decodable++;
        // of the fixture's services only these two are in services.csv
        if (!r.serviceCode.equals("1.004227") && !r.serviceCode.equals("2.000889"))
          unknownService++;
      } catch (vn.ioc.feed.ContractViolation e) {
        // refused at decoding
      }
    }
    Map<String, Map<String, Long>> byUnit = new TreeMap<>();
    for (Map<String, Object> row :
        RealServices.rows(
            NS.database(), "SELECT * FROM feed_health WHERE scope = 'unit' GROUP BY *")) {
      Map<String, Long> sums =
          byUnit.computeIfAbsent((String) row.get("unit"), u -> new TreeMap<>());
      for (String f :
          List.of(
              "records",
              "dead_letters",
              "unknown_unit",
              "unknown_service",
              "dead_letters_bad_json",
              "dead_letters_late")) {
        if (row.get(f) != null) sums.merge(f, ((Number) row.get(f)).longValue(), Long::sum);
      }
    }
    long records = byUnit.values().stream().mapToLong(m -> m.getOrDefault("records", 0L)).sum();
    long dead = byUnit.values().stream().mapToLong(m -> m.getOrDefault("dead_letters", 0L)).sum();
    assertEquals(lines.size(), records, "every message counted once");
    assertEquals(12, dead, "every dead letter counted once");
    assertEquals(
        Map.of(
            "dead_letters",
            2L,
            "dead_letters_bad_json",
            2L,
            "records",
            2L,
            "unknown_service",
            0L,
            "unknown_unit",
            0L),
        byUnit.get("(unknown)"),
        "lines that are not JSON objects have no key");
    // the fixture's unit codes are not the reference data's: every readable message is from an
    // unknown unit
    assertEquals(
        decodable,
        byUnit.values().stream().mapToLong(m -> m.getOrDefault("unknown_unit", 0L)).sum());
    assertEquals(
        unknownService,
        byUnit.values().stream().mapToLong(m -> m.getOrDefault("unknown_service", 0L)).sum());
    assertEquals(1L, byUnit.get("H40.412.UB").get("dead_letters_late"));
  }
}
