package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import vn.ioc.deadletter.DeadLetterJson;
import vn.ioc.submissions.SubmissionDecoder;
import vn.ioc.submissions.SubmissionReport;

/**
 * {@code deadletters --replay} on the real broker, the way an operator uses it: a job ran with a
 * wrong setting (an acceptance horizon of two hours) and refused late reports; the setting is
 * fixed, the {@code late} dead letters are replayed to their source topic with their keys, and the
 * recompute counts them, once. A recompute that refuses the same records again adds no refusal to
 * count or replay.
 */
class DeadLetterReplayIT {
  static final RealServices.Namespace NS = RealServices.Namespace.fresh("replay");

  @AfterAll
  static void drop() {
    RealServices.dropNamespace(NS);
    try (var influx = RealServices.influx()) {
      for (String db : List.of(NS.database() + "_all", NS.database() + "_replayed")) {
        influx.query(new org.influxdb.dto.Query("DROP DATABASE \"" + db + "\""));
      }
    }
  }

  @Test
  void replayedLateReportsAreCountedOnceTheHorizonIsFixed() throws Exception {
    RealServices.createForSubmissions(NS);
    Path file = Files.createTempFile("replay-", ".jsonl");
    RealServices.ioc(
        Duration.ofMinutes(2),
        "simulate",
        "--start",
        "2024-10-14",
        "--duration",
        "3d",
        "--seed",
        "3",
        "--late",
        "0.05",
        "--malformed",
        "0",
        "--out",
        file.toString());
    RealServices.produceSubmissions(NS.topic("submissions"), file);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Files.delete(file);
    Map<TopicPartition, Long> beforeReplay = endOffsets(NS.topic("submissions"));

    // the wrong setting: late reports more than two hours behind are refused
    bounded(NS.database(), "--acceptance-horizon=PT2H");
    List<ConsumerRecord<byte[], byte[]>> dead = RealServices.readAll(NS.topic("deadletter"));
    Set<String> refused = new TreeSet<>(); // report id and revision
    for (ConsumerRecord<byte[], byte[]> r : dead) {
      var d = DeadLetterJson.decode(r.value());
      assertEquals("late", d.reason, "only late reports are refused here");
      refused.add(idOf(reportOf(d.payload)));
    }
    assertTrue(refused.size() >= 10, "late reports refused: " + refused.size());

    // a recompute with the same setting refuses the same records again: the topic holds each
    // refusal twice, the tool counts and replays it once
    bounded(NS.database(), "--acceptance-horizon=PT2H");
    assertEquals(2 * dead.size(), RealServices.readAll(NS.topic("deadletter")).size());
    String said =
        RealServices.ioc(
            Duration.ofMinutes(2),
            "deadletters",
            "--reason",
            "late",
            "--replay",
            "--topic.deadletter=" + NS.topic("deadletter"));
    String counted =
        dead.size()
            + " dead letters in "
            + NS.topic("deadletter")
            + " (and "
            + dead.size()
            + " more of the same refusals, from recomputes that read their records again:"
            + " counted once)";
    assertTrue(said.lines().anyMatch(counted::equals), said);
    assertTrue(said.contains("replayed " + dead.size()), said);

    // back in the source topic, after everything else, with the unit as the key
    Set<String> replayed = new TreeSet<>();
    for (ConsumerRecord<byte[], byte[]> r : RealServices.readAll(NS.topic("submissions"))) {
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      if (r.offset() < beforeReplay.get(tp)) continue;
      SubmissionReport report = reportOf(new String(r.value(), StandardCharsets.UTF_8));
      assertEquals(report.unitCode, new String(r.key(), StandardCharsets.UTF_8));
      replayed.add(idOf(report));
    }
    assertEquals(refused, replayed);

    // the recompute with the right horizon over everything: the replayed copies change nothing
    String all = NS.database() + "_all";
    RealServices.createDatabase(all);
    bounded(all);
    RealServices.assertSamePoints(
        new ServiceRatesOracle(lines, 3).expectedPoints(), RealServices.serviceRates(all));

    // the replayed records alone carry exactly the refused reports' counts
    deleteBefore(beforeReplay);
    String alone = NS.database() + "_replayed";
    RealServices.createDatabase(alone);
    bounded(alone);
    List<String> refusedLines = new ArrayList<>();
    for (String line : lines) {
      if (refused.contains(idOf(reportOf(line)))) refusedLines.add(line);
    }
    RealServices.assertSamePoints(
        new ServiceRatesOracle(refusedLines, 3).expectedPoints(), RealServices.serviceRates(alone));
  }

  private static void bounded(String database, String... extra) throws Exception {
    List<String> run = new ArrayList<>(List.of("run", "submissions", "--bounded"));
    run.addAll(NS.jobFlags());
    run.add("--influx.db=" + database);
    run.addAll(List.of(extra));
    RealServices.ioc(Duration.ofMinutes(5), run.toArray(new String[0]));
  }

  private static String idOf(SubmissionReport r) {
    return r.reportId + "#" + r.revision;
  }

  private static SubmissionReport reportOf(String json) throws Exception {
    return new SubmissionDecoder().decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", RealServices.KAFKA))) {
      Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < 3; p++)
        latest.put(
            new TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
      Map<TopicPartition, Long> out = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach((tp, info) -> out.put(tp, info.offset()));
      return out;
    }
  }

  private static void deleteBefore(Map<TopicPartition, Long> offsets) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", RealServices.KAFKA))) {
      Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
      offsets.forEach((tp, o) -> delete.put(tp, RecordsToDelete.beforeOffset(o)));
      admin.deleteRecords(delete).all().get(30, TimeUnit.SECONDS);
    }
  }
}
