package vn.ioc.alerting;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * {@code ioc.alert-rules}: key = rule id, value = the rule (JSON), null = delete it; in force from
 * the message's {@code created-at} header ({@link vn.ioc.clock.ControlStamp}), from the start of
 * time without one; never from its Kafka timestamp, which is not engine time.
 */
public final class ControlDeserializer implements KafkaRecordDeserializationSchema<Control> {
  private static final long serialVersionUID = 1L;

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Control> out) {
    if (record.key() == null) return; // a rule without an id cannot be stored; nothing to delete
    out.collect(control(record));
  }

  /** The rule change a message (with a key) carries. */
  Control control(ConsumerRecord<byte[], byte[]> record) {
    Control c =
        Control.rule(
            new String(record.key(), StandardCharsets.UTF_8),
            record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
    c.sourceTopic = record.topic();
    c.sourcePartition = record.partition();
    c.sourceOffset = record.offset();
    try {
      c.effectiveFrom = vn.ioc.clock.ControlStamp.of(record.headers());
    } catch (vn.ioc.feed.ContractViolation v) {
      c.refusal = v.getMessage(); // refused with a dead letter by the job, as an invalid rule
    }
    return c;
  }

  @Override
  public TypeInformation<Control> getProducedType() {
    return TypeInformation.of(Control.class);
  }
}
