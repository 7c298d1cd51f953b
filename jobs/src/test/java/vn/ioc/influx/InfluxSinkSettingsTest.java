package vn.ioc.influx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class InfluxSinkSettingsTest {

  @Test
  void defaults() {
    InfluxSinkSettings s = InfluxSinkSettings.builder("http://127.0.0.1:8086", "ioc").build();
    assertEquals(5000, s.batchSize());
    assertEquals(Duration.ofMillis(200), s.initialBackoff());
    assertEquals(Duration.ofSeconds(30), s.maxBackoff());
    assertNull(s.user());
    assertNull(s.password());
    assertNull(s.retentionPolicy());
  }

  @Test
  void neverShowsThePassword() throws Exception {
    InfluxSinkSettings s =
        InfluxSinkSettings.builder("http://127.0.0.1:8086", "ioc")
            .credentials("ioc", "s3cr3t-pw")
            .build();
    assertFalse(s.toString().contains("s3cr3t-pw"), s.toString());
    assertFalse(
        new InfluxSink(s, new LoggingRejectedPointHandler()).toString().contains("s3cr3t-pw"));
    assertEquals(s, InstantiationUtil.clone(s));
  }

  @Test
  void blankCredentialsMeanAuthOff() {
    InfluxSinkSettings s =
        InfluxSinkSettings.builder("http://127.0.0.1:8086", "ioc")
            .credentials("", " ")
            .retentionPolicy("")
            .build();
    assertNull(s.user());
    assertNull(s.password());
    assertNull(s.retentionPolicy());
  }

  @Test
  void refusesBadValues() {
    assertThrows(
        IllegalArgumentException.class,
        () -> InfluxSinkSettings.builder("127.0.0.1:8086", "ioc").build());
    assertThrows(
        IllegalArgumentException.class,
        () -> InfluxSinkSettings.builder("http://u:p@127.0.0.1:8086", "ioc").build());
    assertThrows(
        IllegalArgumentException.class,
        () -> InfluxSinkSettings.builder("http://127.0.0.1:8086", " ").build());
    assertThrows(
        IllegalArgumentException.class,
        () -> InfluxSinkSettings.builder("http://127.0.0.1:8086", "ioc").batchSize(0).build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            InfluxSinkSettings.builder("http://127.0.0.1:8086", "ioc")
                .backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))
                .build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            InfluxSinkSettings.builder("http://127.0.0.1:8086", "ioc")
                .credentials(null, "token")
                .build());
  }
}
