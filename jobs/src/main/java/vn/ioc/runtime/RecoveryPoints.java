package vn.ioc.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

  /** How many of a job's savepoints a live run keeps (besides the one it resumes from). */
  public static final int SAVEPOINTS_KEPT = 3;

  /**
   * Removes what a live run no longer needs before it starts: the retained checkpoints of earlier
   * runs and all but the newest {@value #SAVEPOINTS_KEPT} savepoints. Never {@code keep}, the point
   * the run resumes from: Flink does not take it over, so it must stay until the new run has
   * checkpoints of its own. Returns the folders removed.
   */
  public static List<Path> prune(Path stateDir, String job, Path keep) {
    Path kept = keep == null ? null : keep.toAbsolutePath().normalize();
    List<Path> removed = new ArrayList<>();
    for (Path run : children(checkpoints(stateDir, job, false))) {
      if (kept != null && kept.startsWith(run.toAbsolutePath().normalize())) continue;
      removed.add(run);
    }
    List<Path> savepoints = new ArrayList<>(children(savepoints(stateDir, job)));
    savepoints.sort(Comparator.comparing((Path p) -> modified(p.resolve("_metadata"))).reversed());
    for (int i = SAVEPOINTS_KEPT; i < savepoints.size(); i++) {
      Path s = savepoints.get(i);
      if (kept != null && kept.startsWith(s.toAbsolutePath().normalize())) continue;
      removed.add(s);
    }
    for (Path p : removed) deleteTree(p);
    return removed;
  }

  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + root, e);
    }
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
