package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A run killed (SIGKILL) mid-stream after a checkpoint and restarted from that checkpoint leaves
 * InfluxDB and the dead letters exactly as an uninterrupted run does: nothing lost, nothing counted
 * twice.
 */
class SubmissionsRecoveryIT {
  static final RealServices.Namespace UNINTERRUPTED = RealServices.Namespace.fresh("recovery_a");
  static final RealServices.Namespace RESTARTED = RealServices.Namespace.fresh("recovery_b");
  static final int MESSAGES = 400_000;

  @BeforeAll
  static void setUp() throws Exception {
    RealServices.createTopics(
        UNINTERRUPTED, Map.of("submissions", 3, "deadletter", 1, "indicators", 3));
    RealServices.createTopics(RESTARTED, Map.of("deadletter", 1, "indicators", 3));
    RealServices.createDatabase(UNINTERRUPTED);
    RealServices.createDatabase(RESTARTED);
    Path feed = SyntheticFeed.write(Files.createTempFile("synthetic-", ".jsonl"), MESSAGES, 7);
    RealServices.produceSubmissions(UNINTERRUPTED.topic("submissions"), feed);
    Files.delete(feed);
  }

  @AfterAll
  static void tearDown() {
    RealServices.dropNamespace(UNINTERRUPTED);
    RealServices.dropNamespace(RESTARTED);
  }

  static List<String> run(RealServices.Namespace ns, String... extra) {
    List<String> args = new ArrayList<>(List.of("run", "submissions", "--bounded"));
    args.addAll(ns.jobFlags());
    args.add("--topic.submissions=" + UNINTERRUPTED.topic("submissions"));
    args.addAll(List.of(extra));
    return args;
  }

  static Optional<Path> latestCheckpoint(RealServices.Namespace ns) throws Exception {
    Path root =
        RealServices.PROJECT.resolve(".runtime/it/" + ns.id() + "/checkpoints/submissions.bounded");
    if (!Files.isDirectory(root)) return Optional.empty();
    try (Stream<Path> files = Files.walk(root, 3)) {
      return files
          .filter(p -> p.getFileName().toString().equals("_metadata"))
          .map(Path::getParent)
          .max((a, b) -> Integer.compare(number(a), number(b)));
    }
  }

  private static int number(Path chk) {
    return Integer.parseInt(chk.getFileName().toString().substring("chk-".length()));
  }

  @Test
  void aRestartFromTheLastCheckpointEqualsAnUninterruptedRun() throws Exception {
    String log = RealServices.ioc(Duration.ofMinutes(5), run(UNINTERRUPTED).toArray(new String[0]));
    // a bounded run's log is clean: no stack trace (the declined checkpoints at its end are
    // expected and said in one line)
    org.junit.jupiter.api.Assertions.assertEquals(
        List.of(),
        log.lines().filter(l -> l.startsWith("\tat ") || l.contains("Exception")).toList(),
        log);

    List<String> cmd = new ArrayList<>();
    cmd.add(RealServices.PROJECT.resolve("deploy/ioc").toString());
    cmd.addAll(run(RESTARTED, "--checkpoint-interval=1s"));
    Process killed =
        new ProcessBuilder(cmd)
            .directory(RealServices.PROJECT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(Files.createTempFile("killed-", ".log").toFile())
            .start();
    long deadline = System.currentTimeMillis() + 180_000;
    while (latestCheckpoint(RESTARTED).isEmpty()
        && killed.isAlive()
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(killed.isAlive(), "the run must still be going when its first checkpoint completes");
    killed.descendants().forEach(ProcessHandle::destroyForcibly);
    killed.destroyForcibly();
    killed.waitFor();
    Path checkpoint = latestCheckpoint(RESTARTED).orElseThrow();

    RealServices.ioc(
        Duration.ofMinutes(5),
        run(RESTARTED, "--from-savepoint", checkpoint.toString()).toArray(new String[0]));

    Map<String, Map<String, Object>> expected = RealServices.serviceRates(UNINTERRUPTED.database());
    Map<String, Map<String, Object>> actual = RealServices.serviceRates(RESTARTED.database());
    assertTrue(expected.size() > 10_000, "a sizeable result: " + expected.size());
    RealServices.assertSamePoints(expected, actual);
    Map<String, Integer> deadLetters =
        RealServices.deadLetterReasons(UNINTERRUPTED.topic("deadletter"));
    assertEquals(Map.of("missing-field", MESSAGES / 5_000), deadLetters);
    assertEquals(deadLetters, RealServices.deadLetterReasons(RESTARTED.topic("deadletter")));
  }
}
