package vn.ioc.influx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Properties;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import vn.ioc.deadletter.DeadLetter;

class KafkaDeadLetterHandlerTest {

  /** The handler with Kafka's MockProducer; sends complete only when the test says so. */
  static final class Testable extends KafkaDeadLetterHandler {
    transient MockProducer<String, String> mock;
    transient Properties given;

    Testable(String jobName) {
      super(new Properties(), "ioc.deadletter", jobName);
    }

    @Override
    protected Producer<String, String> createProducer(Properties properties) {
      given = properties;
      mock = new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
      return mock;
    }
  }

  @Test
  void publishesOneDeadLetterPerRefusedPointAsJson() throws Exception {
    Testable h = new Testable(null);
    h.open(new RejectedPointHandler.Context("submissions", 0));
    h.rejected(
        InfluxPoint.of("service_rates", 60_000).tag("unit", "Sở Y tế").field("received", "x"),
        "partial write: field type conflict dropped=1");
    h.mock.completeNext();
    h.flush();

    assertEquals(1, h.mock.history().size());
    assertEquals("ioc.deadletter", h.mock.history().get(0).topic());
    assertNull(h.mock.history().get(0).key());
    DeadLetter d =
        vn.ioc.deadletter.DeadLetterJson.decode(
            h.mock.history().get(0).value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("influx-rejected", d.reason);
    assertEquals("partial write: field type conflict dropped=1", d.detail);
    assertEquals("submissions", d.job);
    assertEquals("service_rates,unit=Sở\\ Y\\ tế received=\"x\" 60000", d.payload);
    assertTrue(d.refusedAt > 0);
    assertEquals("all", h.given.getProperty("acks"));
    h.close();
  }

  @Test
  void aFailedSendFailsTheFlushInsteadOfLosingTheDeadLetter() throws Exception {
    Testable h = new Testable("job");
    h.open(new RejectedPointHandler.Context("flink-name", 0));
    h.rejected(InfluxPoint.of("m", 1).field("v", 1L), "bad");
    h.mock.errorNext(new RuntimeException("broker gone"));
    IOException e = assertThrows(IOException.class, h::flush);
    assertEquals(
        "could not publish a refused InfluxDB point to ioc.deadletter; failing rather than losing it",
        e.getMessage());
    assertThrows(IOException.class, () -> h.rejected(InfluxPoint.of("m", 2).field("v", 1L), "bad"));
  }

  @Test
  void cutsAnOversizedPayloadOnACharacterBoundary() {
    String big = "ệ".repeat(DeadLetter.MAX_PAYLOAD_BYTES / 3 + 10);
    DeadLetter d =
        KafkaDeadLetterHandler.deadLetter(
            InfluxPoint.of("m", 1).field("s", big), "too large", "job", 7);
    assertTrue(d.payloadTruncated);
    assertTrue(
        d.payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
            <= DeadLetter.MAX_PAYLOAD_BYTES);
    assertTrue(d.payload.startsWith("m s=\"ệệ"));
    assertEquals(7, d.refusedAt);
  }
}
