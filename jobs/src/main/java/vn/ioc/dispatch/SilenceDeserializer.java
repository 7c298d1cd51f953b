package vn.ioc.dispatch;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import vn.ioc.feed.Decoded;
import vn.ioc.feed.DecodingDeserializer;

/**
 * {@code ioc.alert-silences}: a silence, decoded against its contract, or a tombstone (null value)
 * that deletes the silence of its key.
 */
public final class SilenceDeserializer
    implements KafkaRecordDeserializationSchema<Decoded<Silence>> {
  private static final long serialVersionUID = 1L;

  public static final TypeInformation<Decoded<Silence>> DECODED =
      TypeInformation.of(new TypeHint<Decoded<Silence>>() {});

  private final DecodingDeserializer<Silence> decoding;

  public SilenceDeserializer(String job) {
    this.decoding = new DecodingDeserializer<>(job, new SilenceDecoder(), DECODED);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Decoded<Silence>> out)
      throws java.io.IOException {
    if (record.value() == null && record.key() != null) {
      out.collect(
          Decoded.valid(
              Silence.deleted(new String(record.key(), StandardCharsets.UTF_8)),
              record.partition(),
              record.offset()));
      return;
    }
    decoding.deserialize(record, out);
  }

  @Override
  public TypeInformation<Decoded<Silence>> getProducedType() {
    return DECODED;
  }
}
