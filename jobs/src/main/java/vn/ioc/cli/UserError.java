package vn.ioc.cli;

/**
 * A mistake or a missing precondition a person can act on: said in one line on stderr, with a
 * documented exit code, never as a stack trace ({@code --debug} shows it).
 */
public final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A wrong command, option or value (also any {@link IllegalArgumentException}). */
  public static final int USAGE = 2;

  /** Kafka or InfluxDB does not answer. */
  public static final int SERVICES = 3;

  /** Saved state the run cannot use. */
  public static final int STATE = 4;

  private final int exitCode;

  public UserError(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
