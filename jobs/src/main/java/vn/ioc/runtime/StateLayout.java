package vn.ioc.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which layout of a job's state a checkpoint or savepoint holds: a small file beside it, written by
 * the run that made it. A job's layout number goes up when a state's type changes in a way Flink
 * cannot detect itself (a field of a kept POJO that changes type restores by failing and restarting
 * forever), so the launcher refuses such saved state before it starts anything, in one line naming
 * {@code --fresh}.
 *
 * <pre>
 * &lt;state-dir&gt;/checkpoints/&lt;job&gt;/&lt;job id&gt;/ioc-state-layout     a live run's checkpoints
 * &lt;state-dir&gt;/savepoints/&lt;job&gt;/savepoint-.../ioc-state-layout     a savepoint of deploy/ioc stop
 * </pre>
 */
public final class StateLayout {
  static final String FILE = "ioc-state-layout";

  /** The layout of saved state with no mark: every version up to 0.3.0 wrote none. */
  public static final int UNMARKED = 1;

  private StateLayout() {}

  /**
   * The layout of the checkpoint or savepoint at {@code point}: its own mark, or its run's (a
   * checkpoint's is in its parent folder), or {@link #UNMARKED}.
   */
  public static int of(Path point) throws IOException {
    for (Path dir : new Path[] {point, point.getParent()}) {
      if (dir == null) continue;
      Path mark = dir.resolve(FILE);
      if (Files.isRegularFile(mark)) {
        String text = Files.readString(mark, StandardCharsets.UTF_8).trim();
        try {
          return Integer.parseInt(text);
        } catch (NumberFormatException e) {
          throw new IOException("not a state layout in " + mark + ": " + text, e);
        }
      }
    }
    return UNMARKED;
  }

  /** Marks {@code dir} (a savepoint, or a run's checkpoint folder) as holding {@code layout}. */
  public static void mark(Path dir, int layout) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(FILE), layout + "\n", StandardCharsets.UTF_8);
  }
}
