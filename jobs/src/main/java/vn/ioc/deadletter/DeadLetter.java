package vn.ioc.deadletter;

import java.util.Objects;

/**
 * A record the engine refused, with why and where it came from. Published as JSON on {@code
 * ioc.deadletter} (schema: {@code schemas/deadletter.schema.json}); never dropped silently.
 *
 * <p>A Flink POJO: public fields, no-arg constructor.
 */
public class DeadLetter {
  /**
   * Short machine-readable reason, e.g. {@code bad-json}, {@code late}, {@code revision-conflict}.
   */
  public String reason;

  /** Human-readable detail: which field, which value. */
  public String detail;

  /** The job that refused it. */
  public String job;

  public String sourceTopic;
  public int sourcePartition = -1;
  public long sourceOffset = -1;

  /**
   * When the original message arrived (epoch ms), in engine time: its Kafka timestamp, or with a
   * simulated clock its feed's time ({@code health.FeedTally}); -1 when unknown.
   */
  public long sourceTimestamp = -1;

  /** Kafka key of the original message, as UTF-8 text, or null. */
  public String sourceKey;

  /** Epoch milliseconds when the engine refused it (wall clock: for operators, not for logic). */
  public long refusedAt;

  /** The original payload when it is valid UTF-8, else null. */
  public String payload;

  /** The original payload, base64, when it is not valid UTF-8; else null. */
  public String payloadBase64;

  /** True when the payload was cut to {@link #MAX_PAYLOAD_BYTES}. */
  public boolean payloadTruncated;

  /** Dead letters carry at most this much of the original payload. */
  public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

  public DeadLetter() {}

  public DeadLetter(String reason, String detail) {
    this.reason = reason;
    this.detail = detail;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DeadLetter d)) return false;
    return sourcePartition == d.sourcePartition
        && sourceOffset == d.sourceOffset
        && sourceTimestamp == d.sourceTimestamp
        && refusedAt == d.refusedAt
        && payloadTruncated == d.payloadTruncated
        && Objects.equals(reason, d.reason)
        && Objects.equals(detail, d.detail)
        && Objects.equals(job, d.job)
        && Objects.equals(sourceTopic, d.sourceTopic)
        && Objects.equals(sourceKey, d.sourceKey)
        && Objects.equals(payload, d.payload)
        && Objects.equals(payloadBase64, d.payloadBase64);
  }

  @Override
  public int hashCode() {
    return Objects.hash(reason, sourceTopic, sourcePartition, sourceOffset);
  }

  @Override
  public String toString() {
    return "DeadLetter{"
        + reason
        + ": "
        + detail
        + " @"
        + sourceTopic
        + "/"
        + sourcePartition
        + "/"
        + sourceOffset
        + "}";
  }
}
