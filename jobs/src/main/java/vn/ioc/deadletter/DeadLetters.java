package vn.ioc.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.OutputTag;

/**
 * The dead-letter path every job shares: one side-output tag, and counters per reason ({@code
 * deadLetters} in metric group {@code reason=<code>}) so refusals show on the job's metrics.
 */
public final class DeadLetters {
  private DeadLetters() {}

  /** Side output of every operator that refuses records. */
  public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

  /**
   * A dead letter for one message: where it came from (topic, partition, offset, Kafka timestamp
   * and key; -1 or null when unknown) and its payload, kept as text when it is UTF-8, else base64,
   * cut to {@link DeadLetter#MAX_PAYLOAD_BYTES}.
   */
  public static DeadLetter of(
      String job,
      String reason,
      String detail,
      String topic,
      int partition,
      long offset,
      long timestamp,
      String key,
      byte[] payload) {
    DeadLetter d = new DeadLetter(reason, detail);
    d.job = job;
    d.sourceTopic = topic;
    d.sourcePartition = partition;
    d.sourceOffset = offset;
    d.sourceTimestamp = timestamp;
    d.sourceKey = key;
    d.refusedAt = System.currentTimeMillis();
    if (payload == null) return d;
    byte[] kept = payload;
    if (payload.length > DeadLetter.MAX_PAYLOAD_BYTES) {
      kept = Arrays.copyOf(payload, DeadLetter.MAX_PAYLOAD_BYTES);
      d.payloadTruncated = true;
    }
    try {
      d.payload =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(kept))
              .toString();
    } catch (CharacterCodingException e) {
      d.payloadBase64 = Base64.getEncoder().encodeToString(kept);
    }
    return d;
  }

  /** Counts dead letters by reason on one operator's metric group; create in {@code open}. */
  public static final class Counters {
    private final MetricGroup group;
    private final Map<String, Counter> byReason = new HashMap<>();

    public Counters(MetricGroup group) {
      this.group = group;
    }

    public void count(String reason) {
      byReason
          .computeIfAbsent(reason, r -> group.addGroup("reason", r).counter("deadLetters"))
          .inc();
    }
  }
}
