package vn.ioc.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a job's checkpoints and savepoints live under the state folder, and which of them is the
 * newest complete one. A checkpoint or savepoint is complete once Flink has written its {@code
 * _metadata} file.
 *
 * <pre>
 * &lt;state-dir&gt;/checkpoints/&lt;job&gt;/&lt;job id&gt;/chk-&lt;n&gt;/_metadata     live runs
 * &lt;state-dir&gt;/checkpoints/&lt;job&gt;.bounded/...                    bounded runs (never resumed)
 * &lt;state-dir&gt;/savepoints/&lt;job&gt;/savepoint-.../_metadata
 * </pre>
 */
public final class RecoveryPoints {
  private RecoveryPoints() {}

  public static Path checkpoints(Path stateDir, String job, boolean bounded) {
    return stateDir.resolve("checkpoints").resolve(bounded ? job + ".bounded" : job);
  }

  public static Path savepoints(Path stateDir, String job) {
    return stateDir.resolve("savepoints").resolve(job);
  }

  /** The newest complete checkpoint or savepoint of the job's live runs; null when none. */
  public static Path latest(Path stateDir, String job) {
    return Stream.concat(
            metadataFiles(checkpoints(stateDir, job, false), 3),
            metadataFiles(savepoints(stateDir, job), 2))
        .max(Comparator.comparing(RecoveryPoints::modified).thenComparing(Path::toString))
        .map(Path::getParent)
        .orElse(null);
  }

  private static Stream<Path> metadataFiles(Path root, int depth) {
    if (!Files.isDirectory(root)) return Stream.empty();
    try (Stream<Path> files = Files.find(root, depth, (p, a) -> a.isRegularFile())) {
      return files.filter(p -> p.getFileName().toString().equals("_metadata")).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }
}
