package vn.ioc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rotate_log} of {@code deploy/lib/common.sh}, run by bash as {@code deploy/ioc} runs it: a
 * console log over the limit moves aside before its process starts again, the oldest dropped.
 */
class LogRotationTest {
  @TempDir Path dir;
  @TempDir Path runtime;

  @Test
  void aLogOverTheLimitMovesAsideAndTheOldestIsDropped() throws Exception {
    Path log = dir.resolve("job.log");
    Files.writeString(log.resolveSibling("job.log.1"), "older");
    Files.writeString(log.resolveSibling("job.log.2"), "oldest");
    Files.write(log, new byte[2 * 1024 * 1024]); // 2 MB, over a limit of 1 MB
    rotate(log);
    assertEquals(List.of("job.log.1", "job.log.2"), files());
    assertEquals(2 * 1024 * 1024, Files.size(dir.resolve("job.log.1")));
    assertEquals("older", Files.readString(dir.resolve("job.log.2")), "two kept: oldest dropped");

    Files.writeString(log, "a new run's first line\n"); // under the limit: stays
    rotate(log);
    assertEquals(List.of("job.log", "job.log.1", "job.log.2"), files());
  }

  private List<String> files() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private void rotate(Path log) throws Exception {
    Path common = ProjectFiles.root().resolve("deploy/lib/common.sh");
    ProcessBuilder b =
        new ProcessBuilder(
                "bash",
                "-c",
                "source \"$0\" && rotate_log \"$1\"",
                common.toString(),
                log.toString())
            .redirectErrorStream(true);
    b.environment().put("IOC_LOG_ROTATE_MB", "1");
    b.environment().put("IOC_LOG_KEEP", "2");
    b.environment().put("IOC_RUNTIME_DIR", runtime.toString());
    Process r = b.start();
    String out = new String(r.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!r.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("rotate_log hangs");
    assertEquals(0, r.exitValue(), out);
  }
}
