package vn.ioc.submissions;

import java.time.Instant;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import vn.ioc.calendar.WindowLevel;

/**
 * A window's counts would leave what the contract makes possible (beyond 2^63, or below zero). It
 * stops the job, naming the window, before anything is written: a wrapped or negative figure must
 * never reach the wall. With at most a million applications per report it takes millions of
 * millions of reports in one window to get there, so seeing it means a bug or a changed limit.
 * Thrown inside a {@link SuppressRestartsException}: a restart would only replay the same input
 * into the same failure, so the job fails for good and says why.
 */
public final class CountGuardViolation extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  CountGuardViolation(
      SeriesTags series, WindowLevel level, long windowStart, String what, Counts delta) {
    super(
        what
            + " in the "
            + level.tag()
            + " window from "
            + Instant.ofEpochMilli(windowStart)
            + " of "
            + describe(series)
            + " after adding "
            + delta
            + ": nothing of this window was written");
  }

  /** The failure that stops the job: no restart would get past it. */
  static SuppressRestartsException stop(
      SeriesTags series, WindowLevel level, long windowStart, String what, Counts delta) {
    return new SuppressRestartsException(
        new CountGuardViolation(series, level, windowStart, what, delta));
  }

  private static String describe(SeriesTags s) {
    return "scope "
        + s.scope.tag()
        + ", province "
        + s.province
        + (s.district == null ? "" : ", district " + s.district)
        + (s.unit == null ? "" : ", unit " + s.unit)
        + (s.service == null ? "" : ", service " + s.service);
  }
}
