package vn.ioc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import vn.ioc.calendar.Rfc3339;

/**
 * The report of a benchmark: its rows, how rates, timings and sizes are written, and where the
 * table goes.
 */
final class BenchReport {
  private BenchReport() {}

  /** Prints the table and writes it to {@code <stateDir>/<prefix><time>.md}; exits. */
  static void publish(List<String> report, String stateDir, String prefix) throws IOException {
    String table = String.join("\n", report);
    System.out.println(table);
    Path out =
        Path.of(
            stateDir,
            prefix
                + Rfc3339.format(System.currentTimeMillis(), java.time.ZoneOffset.UTC)
                    .replace(':', '-')
                + ".md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table + "\n", StandardCharsets.UTF_8);
    System.out.println("written to " + out.toAbsolutePath());
    System.exit(0);
  }

  static String row(String k, String v) {
    return "| " + k + " | " + v + " |";
  }

  /** "N unit/s". */
  static String rate(double perSecond, String unit) {
    return String.format(Locale.ROOT, "%,.0f %s/s", perSecond, unit);
  }

  /**
   * "N unit/s while running (R s; W s with the job's start)": the rate over Flink's net run time of
   * the job, and the wall time from submission, the embedded cluster's start included.
   */
  static String timing(long count, BenchRun.Full run, String unit) {
    return String.format(
        Locale.ROOT,
        "%,.0f %s/s while running (%.1f s; %.1f s with the job's start: %,.0f/s)",
        count / run.runningSeconds(),
        unit,
        run.runningSeconds(),
        run.seconds(),
        count / run.seconds());
  }

  /** The rows the progress and alerting benchmarks end with: state, heap, engine against Kafka. */
  static void closingRows(
      List<String> report, BenchRun.Full engine, BenchRun.Full full, long count, double kafkaRate) {
    report.add(
        row(
            "largest checkpointed state (engine run / full run)",
            mib(engine.maxStateBytes()) + " / " + mib(full.maxStateBytes())));
    report.add(row("heap used, peak sampled", mib(full.maxHeapBytes())));
    report.add(
        row(
            "ratio engine (warm, while running) / Kafka raw consume",
            String.format(Locale.ROOT, "%.2f", count / engine.runningSeconds() / kafkaRate)));
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%,.0f MiB", bytes / 1048576.0);
  }
}
