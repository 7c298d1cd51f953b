package vn.ioc.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class KafkaTopicsTest {
  /** Writes an alert id as key and value. */
  static final class Text implements KafkaTopics.RecordWriter<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] key(String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] value(String s) {
      return ("{\"alertId\":\"" + s + "\"}").getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * Flink hands a sink each element's event time, in the demo a day of 2024: a record stamped with
   * it would be older than the topic's retention as soon as it is written, and deleted at the next
   * roll. The sinks' records carry no timestamp: the producer's or the broker's clock stamps them.
   */
  @Test
  void aSinksRecordsNeverCarryTheirEventTime() {
    long simulated = OffsetDateTime.parse("2024-10-15T08:00:00+07:00").toInstant().toEpochMilli();
    ProducerRecord<byte[], byte[]> r =
        KafkaTopics.records("ioc.alerts", new Text()).serialize("rate|unit=U1", null, simulated);
    assertNull(r.timestamp());
    assertNull(r.partition());
    assertEquals("ioc.alerts", r.topic());
    assertArrayEquals("rate|unit=U1".getBytes(StandardCharsets.UTF_8), r.key());
    assertEquals("{\"alertId\":\"rate|unit=U1\"}", new String(r.value(), StandardCharsets.UTF_8));
  }
}
