package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A live run through the launcher: partitions without data do not stall it (the watermark moves on
 * once they are idle, so windows close and are written final), and {@code deploy/ioc stop
 * --savepoint} stops it with a savepoint it can resume from.
 */
class SubmissionsLiveIT {
  static final RealServices.Namespace NS = RealServices.Namespace.fresh("live");

  @AfterAll
  static void drop() {
    RealServices.dropNamespace(NS);
  }

  @Test
  void idlePartitionsDoNotStallALiveRunAndStopTakesASavepoint() throws Exception {
    RealServices.createForSubmissions(NS);
    // one unit, so one partition of three has data; 08:05 moves the watermark past the 08:00 minute
    Path feed = Files.createTempFile("live-", ".jsonl");
    Files.writeString(
        feed,
        """
        {"reportId":"a","unitCode":"L1","serviceCode":"1.004227","periodStart":"2024-04-01T08:00:30+07:00","received":{"online":1,"direct":0,"postal":0}}
        {"reportId":"b","unitCode":"L1","serviceCode":"1.004227","periodStart":"2024-04-01T08:05:00+07:00","received":{"online":0,"direct":1,"postal":0}}""",
        StandardCharsets.UTF_8);
    RealServices.produceSubmissions(NS.topic("submissions"), feed);

    Path runtime = RealServices.PROJECT.resolve(".runtime/it/" + NS.id() + "/runtime");
    Files.createDirectories(runtime.resolve("flink"));
    Map<String, String> env = Map.of("IOC_RUNTIME_DIR", runtime.toString());
    List<String> flags = NS.jobFlags().stream().filter(f -> !f.startsWith("--state-dir=")).toList();
    String[] args = new String[flags.size() + 2];
    args[0] = "run";
    args[1] = "submissions";
    for (int i = 0; i < flags.size(); i++) args[i + 2] = flags.get(i);
    Process live =
        RealServices.launcher(env, args)
            .redirectErrorStream(true)
            .redirectOutput(Files.createTempFile("live-run-", ".log").toFile())
            .start();
    try {
      long deadline = System.currentTimeMillis() + 90_000;
      boolean closed = false;
      while (!closed && System.currentTimeMillis() < deadline && live.isAlive()) {
        Thread.sleep(1000);
        for (ConsumerRecord<byte[], byte[]> r : RealServices.readAll(NS.topic("indicators"))) {
          String json = new String(r.value(), StandardCharsets.UTF_8);
          if (json.contains("\"scope\":\"unit\"")
              && json.contains("\"window\":\"1m\"")
              && json.contains("\"windowStart\":\"2024-04-01T08:00:00.000+07:00\"")
              && json.contains("\"final\":true")) {
            closed = true;
          }
        }
      }
      assertTrue(
          closed,
          "the 08:00 minute of L1 was written final although two partitions never had data");
      String out =
          RealServices.ioc(env, Duration.ofMinutes(3), "stop", "submissions", "--savepoint");
      assertTrue(out.contains("savepoint: "), out);
      Path pointer = runtime.resolve("flink/submissions.savepoint");
      assertTrue(
          Files.isRegularFile(
              Path.of(java.net.URI.create(Files.readString(pointer).trim())).resolve("_metadata")),
          "the savepoint is on disk: " + Files.readString(pointer));
    } finally {
      live.descendants().forEach(ProcessHandle::destroyForcibly);
      live.destroyForcibly();
      Files.deleteIfExists(feed);
    }
  }
}
