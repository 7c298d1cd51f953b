package vn.ioc.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import vn.ioc.config.ClockKind;

/**
 * Which layout of a job's state a checkpoint or savepoint holds, and which clock the run that made
 * it had: a small file beside it, written by that run. A job's layout number goes up when a state's
 * type changes in a way Flink cannot detect itself (a field of a kept POJO that changes type
 * restores by failing and restarting forever), so the launcher refuses such saved state before it
 * starts anything, in one line naming {@code --fresh}. The clock shapes the job too (a simulated
 * clock adds the clock topic's reader), so state saved with one is refused under the other, in one
 * line naming the clock it needs.
 *
 * <pre>
 * &lt;state-dir&gt;/checkpoints/&lt;job&gt;/&lt;job id&gt;/ioc-state-layout     a live run's checkpoints
 * &lt;state-dir&gt;/checkpoints/&lt;job&gt;.bounded/&lt;job id&gt;/ioc-state-layout     a bounded run's
 * &lt;state-dir&gt;/savepoints/&lt;job&gt;/savepoint-.../ioc-state-layout     a savepoint of deploy/ioc stop
 * </pre>
 */
public final class StateLayout {
  static final String FILE = "ioc-state-layout";

  /** The layout of saved state with no mark: every version up to 0.3.0 wrote none. */
  public static final int UNMARKED = 1;

  private static final String CLOCK = "clock=";

  /**
   * What a mark says: the state's {@code layout}, and the {@code clock} of the run that saved it
   * (null in marks written before 0.5.0, which did not say).
   */
  public record Mark(int layout, ClockKind clock) {}

  private StateLayout() {}

  /**
   * The mark of the checkpoint or savepoint at {@code point}: its own, or its run's (a checkpoint's
   * is in its parent folder), or {@link #UNMARKED} with no clock.
   */
  public static Mark of(Path point) throws IOException {
    for (Path dir : new Path[] {point, point.getParent()}) {
      if (dir == null) continue;
      Path mark = dir.resolve(FILE);
      if (Files.isRegularFile(mark)) {
        List<String> lines = Files.readAllLines(mark, StandardCharsets.UTF_8);
        String first = lines.isEmpty() ? "" : lines.get(0).trim();
        ClockKind clock = null;
        try {
          for (String line : lines.subList(Math.min(1, lines.size()), lines.size()))
            if (line.startsWith(CLOCK)) clock = ClockKind.parse(line.substring(CLOCK.length()));
          return new Mark(Integer.parseInt(first), clock);
        } catch (IllegalArgumentException e) {
          throw new IOException(
              "not a state layout in " + mark + ": " + String.join(" ", lines), e);
        }
      }
    }
    return new Mark(UNMARKED, null);
  }

  /**
   * Marks {@code dir} (a savepoint, or a run's checkpoint folder) as holding {@code layout}, saved
   * by a run with {@code clock}.
   */
  public static void mark(Path dir, int layout, ClockKind clock) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve(FILE),
        layout + "\n" + CLOCK + clock.name().toLowerCase(Locale.ROOT) + "\n",
        StandardCharsets.UTF_8);
  }
}
