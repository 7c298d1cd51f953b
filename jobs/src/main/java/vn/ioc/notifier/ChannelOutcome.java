package vn.ioc.notifier;

/**
 * How delivering one notification on one channel ended: {@code delivered}, {@code failed} (a
 * permanent refusal, or still failing after the last attempt) or {@code skipped} (the person has no
 * contact for it). {@code status}: the last HTTP status or SMTP code, 0 when none. {@code detail}
 * names no contact.
 */
public record ChannelOutcome(
    String channel, String outcome, int attempts, int status, String detail) {
  public static final String DELIVERED = "delivered";
  public static final String FAILED = "failed";
  public static final String SKIPPED = "skipped";

  static ChannelOutcome skipped(String channel) {
    return new ChannelOutcome(channel, SKIPPED, 0, 0, "no contact for this channel");
  }
}
