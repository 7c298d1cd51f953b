package vn.ioc.notifier;

import vn.ioc.reference.Directory;

/** A way to reach a person (webhook, e-mail): one delivery attempt at a time. */
interface Channel {
  /**
   * {@code webhook} or {@code email}: the name in people.csv's {@code channels} and the records.
   */
  String name();

  /** Whether the person asked for this channel and has the contact it needs. */
  boolean reaches(Directory.Person person);

  /** One attempt; never throws for a delivery problem, only reports it. */
  Attempt send(Digest digest) throws InterruptedException;

  /**
   * What one attempt came to. {@code status}: the HTTP status or SMTP reply code, 0 when there was
   * no answer. {@code detail}: for the records and dead letters, never a contact. {@code
   * retryAfterMillis}: how long the receiver asked to wait before the next attempt ({@code
   * Retry-After}), -1 when it did not say.
   */
  record Attempt(Result result, int status, String detail, long retryAfterMillis) {
    enum Result {
      DELIVERED,
      RETRY,
      PERMANENT
    }

    static Attempt delivered(int status) {
      return new Attempt(Result.DELIVERED, status, "delivered", -1);
    }

    static Attempt retry(int status, String detail) {
      return retry(status, detail, -1);
    }

    static Attempt retry(int status, String detail, long retryAfterMillis) {
      return new Attempt(Result.RETRY, status, detail, retryAfterMillis);
    }

    static Attempt permanent(int status, String detail) {
      return new Attempt(Result.PERMANENT, status, detail, -1);
    }
  }
}
