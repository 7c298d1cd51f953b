package vn.ioc.runtime;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * A bounded run's expected noise, counted instead of logged. Once the first source tasks of a
 * bounded run have finished, Flink declines every checkpoint of a vertex that keeps union list
 * state (the acceptance gate does: a partition's progress must survive a rescale), and logs each
 * decline twice with a stack trace. The run still commits everything with the checkpoint taken when
 * all tasks have finished. This filter drops those log events (only those: their cause is Flink's
 * {@code PartialFinishingNotSupportedByStateException}) and counts them, so the run can say so in
 * one line.
 */
public final class DeclinedCheckpoints extends AbstractFilter {
  static final String CHECKPOINT_EXCEPTION = "CheckpointException";

  private final AtomicLong dropped = new AtomicLong();

  private DeclinedCheckpoints() {
    super(Filter.Result.NEUTRAL, Filter.Result.NEUTRAL);
  }

  /** Installs the filter on the logging of this JVM; null when Log4j 2 is not the logging. */
  public static DeclinedCheckpoints install() {
    if (!(LogManager.getContext(false) instanceof LoggerContext ctx)) return null;
    DeclinedCheckpoints f = new DeclinedCheckpoints();
    f.start();
    // on every logger's configuration: there the event is whole (a throwable given as the last
    // argument of a parameterized message is found)
    for (var logger : ctx.getConfiguration().getLoggers().values()) logger.addFilter(f);
    ctx.getConfiguration().getRootLogger().addFilter(f);
    ctx.updateLoggers();
    return f;
  }

  @Override
  public Result filter(LogEvent event) {
    if (event.getLevel().isMoreSpecificThan(org.apache.logging.log4j.Level.ERROR))
      return Result.NEUTRAL;
    for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
      // a task's exception reaches the job manager serialized: its class is then in the message
      if (t.getClass().getName().endsWith(CHECKPOINT_EXCEPTION)
          || String.valueOf(t.getMessage()).contains("checkpoint." + CHECKPOINT_EXCEPTION)) {
        dropped.incrementAndGet();
        return Result.DENY;
      }
      if (t.getCause() == t) break;
    }
    return Result.NEUTRAL;
  }

  /** Log events dropped so far (two per declined checkpoint). */
  public long dropped() {
    return dropped.get();
  }
}
