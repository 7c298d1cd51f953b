package vn.ioc.alerting;

/** Why a rule is refused, and where: the JSON pointer of the value and its line and column. */
public final class RuleViolation extends Exception {
  private static final long serialVersionUID = 1L;

  private final String pointer;
  private final int line;
  private final int column;

  public RuleViolation(String pointer, int line, int column, String message) {
    super(message);
    this.pointer = pointer;
    this.line = line;
    this.column = column;
  }

  public String pointer() {
    return pointer;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** {@code source:line:column: message (at /pointer)}. */
  public String describe(String source) {
    return source
        + ":"
        + line
        + ":"
        + column
        + ": "
        + getMessage()
        + (pointer.isEmpty() ? "" : " (at " + pointer + ")");
  }
}
