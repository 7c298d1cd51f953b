package vn.ioc.feed;

/**
 * A message breaks its topic's contract. Thrown by a {@link Decoder}; becomes a dead letter with
 * {@link #reason()} and the message as detail. Carries no stack trace: it is an expected outcome,
 * thrown once per bad record.
 */
public final class ContractViolation extends Exception {
  private final String reason;

  public ContractViolation(String reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  /** The dead-letter reason code, e.g. {@code bad-json}, {@code missing-field}. */
  public String reason() {
    return reason;
  }
}
