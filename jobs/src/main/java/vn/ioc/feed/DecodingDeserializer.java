package vn.ioc.feed;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.deadletter.DeadLetters;

/**
 * Decodes Kafka messages inside the source, so event time is known where watermarks are made (per
 * partition). A message the decoder refuses becomes a {@link Decoded} dead letter, never an
 * exception: the job never fails on input.
 *
 * <p>With {@link TimeBounds}, a record whose event time is out of bounds is refused here too
 * ({@code future-period}, {@code too-old}), before the watermark generator sees it: the record
 * timestamp is known only here, and a refused record must never move a watermark.
 */
public final class DecodingDeserializer<T> implements KafkaRecordDeserializationSchema<Decoded<T>> {
  private static final long serialVersionUID = 1L;

  private final String job;
  private final Decoder<T> decoder;
  private final TypeInformation<Decoded<T>> producedType;

  /** Null: every event time is accepted (a feed whose times may lie ahead, such as silences). */
  private final TimeBounds bounds;

  /** A deserializer that checks no event time. */
  public DecodingDeserializer(
      String job, Decoder<T> decoder, TypeInformation<Decoded<T>> producedType) {
    this(job, decoder, producedType, null);
  }

  private DecodingDeserializer(
      String job, Decoder<T> decoder, TypeInformation<Decoded<T>> producedType, TimeBounds bounds) {
    this.job = job;
    this.decoder = decoder;
    this.producedType = producedType;
    this.bounds = bounds;
  }

  /** A deserializer that refuses records whose event time is out of {@code bounds}. */
  public static <T extends EventTimed> DecodingDeserializer<T> bounded(
      String job, Decoder<T> decoder, TypeInformation<Decoded<T>> producedType, TimeBounds bounds) {
    return new DecodingDeserializer<>(job, decoder, producedType, bounds);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Decoded<T>> out) {
    byte[] payload = record.value();
    try {
      if (payload == null) throw new ContractViolation("bad-json", "empty message (null value)");
      String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
      T value = decoder.decode(payload);
      if (bounds != null) {
        EventTimed timed = (EventTimed) value;
        bounds.check(timed.eventTime(), timed.eventTimeField(), record.timestamp());
      }
      out.collect(
          Decoded.valid(value, record.partition(), record.offset()).from(record.timestamp(), key));
    } catch (ContractViolation v) {
      out.collect(Decoded.refused(deadLetter(job, v.reason(), v.getMessage(), record)));
    } catch (RuntimeException e) {
      // A decoder bug must not stop the job: the message is kept as a dead letter with the cause.
      out.collect(Decoded.refused(deadLetter(job, "decoder-error", String.valueOf(e), record)));
    }
  }

  /** A dead letter for {@code record}, carrying its coordinates and (up to a limit) its payload. */
  public static DeadLetter deadLetter(
      String job, String reason, String detail, ConsumerRecord<byte[], byte[]> record) {
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    return DeadLetters.of(
        job,
        reason,
        detail,
        record.topic(),
        record.partition(),
        record.offset(),
        record.timestamp(),
        key,
        record.value());
  }

  @Override
  public TypeInformation<Decoded<T>> getProducedType() {
    return producedType;
  }
}
