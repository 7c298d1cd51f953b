package vn.ioc.dispatch;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import vn.ioc.clock.ControlStamp;
import vn.ioc.clock.Versions;
import vn.ioc.feed.ContractViolation;
import vn.ioc.feed.Decoded;
import vn.ioc.feed.DecodingDeserializer;

/**
 * {@code ioc.alert-silences}: a silence, decoded against its contract, or a tombstone (null value)
 * that deletes the silence of its key; either made at the message's {@code created-at} stamp
 * ({@link ControlStamp}) when the silence does not say ({@code createdAt}).
 */
public final class SilenceDeserializer
    implements KafkaRecordDeserializationSchema<Decoded<Silence>> {
  private static final long serialVersionUID = 1L;

  public static final TypeInformation<Decoded<Silence>> DECODED =
      TypeInformation.of(new TypeHint<Decoded<Silence>>() {});

  private final String job;
  private final DecodingDeserializer<Silence> decoding;

  public SilenceDeserializer(String job) {
    this.job = job;
    this.decoding = new DecodingDeserializer<>(job, new SilenceDecoder(), DECODED);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Decoded<Silence>> out)
      throws java.io.IOException {
    long stamp;
    try {
      stamp = ControlStamp.of(record.headers());
    } catch (ContractViolation v) {
      out.collect(
          Decoded.refused(
              DecodingDeserializer.deadLetter(job, v.reason(), v.getMessage(), record)));
      return;
    }
    if (record.value() == null && record.key() != null) {
      Silence deleted = Silence.deleted(new String(record.key(), StandardCharsets.UTF_8));
      deleted.createdAt = stamp;
      out.collect(Decoded.valid(deleted, record.partition(), record.offset()));
      return;
    }
    decoding.deserialize(
        record,
        new Collector<>() {
          @Override
          public void collect(Decoded<Silence> d) {
            // made when the body says, else when the message was stamped
            if (d.isValid() && d.value.createdAt == Versions.UNSTAMPED) d.value.createdAt = stamp;
            out.collect(d);
          }

          @Override
          public void close() {}
        });
  }

  @Override
  public TypeInformation<Decoded<Silence>> getProducedType() {
    return DECODED;
  }
}
