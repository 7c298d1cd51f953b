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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import vn.ioc.feed.ContractViolation;
import vn.ioc.submissions.SubmissionDecoder;

/**
 * A simulated week into the real Kafka ({@code deploy/ioc simulate}), the same week to a file (the
 * same seed gives the same bytes), {@code submissions --bounded}, and every point of InfluxDB
 * compared with the totals computed independently from the file; the dead letters are exactly the
 * simulator's malformed messages, by reason.
 */
class SimulatorIT {
  static final RealServices.Namespace NS = RealServices.Namespace.fresh("simulator");

  @AfterAll
  static void drop() {
    RealServices.dropNamespace(NS);
  }

  @Test
  void aSimulatedWeekEndsInInfluxDbAsTheNaiveComputationOfTheFileSays() throws Exception {
    RealServices.createForSubmissions(NS);
    String[] week = {"--start", "2024-10-14", "--duration", "7d", "--seed", "7"};
    List<String> toKafka = new ArrayList<>(List.of("simulate", "--topic", NS.topic("submissions")));
    toKafka.addAll(List.of(week));
    String said = RealServices.ioc(Duration.ofMinutes(3), toKafka.toArray(new String[0]));
    assertTrue(said.contains("simulate: sent "), said);
    Path file = Files.createTempFile("simulated-week-", ".jsonl");
    List<String> toFile = new ArrayList<>(List.of("simulate", "--out", file.toString()));
    toFile.addAll(List.of(week));
    RealServices.ioc(Duration.ofMinutes(3), toFile.toArray(new String[0]));
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Files.delete(file);

    // the topic holds the file's lines, each once (order holds per partition, not across them)
    List<String> expected = new ArrayList<>(lines);
    expected.sort(null);
    assertEquals(expected, RealServices.sortedValues(NS.topic("submissions")));
    assertTrue(lines.size() > 5000, "a week of a province: " + lines.size());

    List<String> run = new ArrayList<>(List.of("run", "submissions", "--bounded"));
    run.addAll(NS.jobFlags());
    RealServices.ioc(Duration.ofMinutes(5), run.toArray(new String[0]));

    ServiceRatesOracle oracle = new ServiceRatesOracle(lines, 3);
    assertEquals(Map.of(), oracle.refusedAfterDecoding, "no late report beyond the horizon");
    RealServices.assertSamePoints(
        oracle.expectedPoints(), RealServices.serviceRates(NS.database()));
    assertEquals(malformedByReason(lines), RealServices.deadLetterReasons(NS.topic("deadletter")));
  }

  /** What the decoder refuses, by reason: the simulator's malformed messages. */
  private static Map<String, Integer> malformedByReason(List<String> lines) {
    SubmissionDecoder decoder = new SubmissionDecoder();
    Map<String, Integer> reasons = new TreeMap<>();
    for (String line : lines) {
      try {
        decoder.decode(line.getBytes(StandardCharsets.UTF_8));
      } catch (ContractViolation v) {
        reasons.merge(v.reason(), 1, Integer::sum);
      }
    }
    assertTrue(reasons.size() >= 3, "several kinds of malformed messages: " + reasons);
    return reasons;
  }
}
