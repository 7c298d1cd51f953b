package vn.ioc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.ioc.cli.UserError;
import vn.ioc.config.IocConfig;

/** With the services down, a run says so within seconds, naming the command that fixes it. */
class PreflightTest {
  /** A local port nothing listens on. */
  static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void kafkaDownIsOneLineWithinSeconds() throws Exception {
    int port = closedPort();
    IocConfig config = IocConfig.of(Map.of("kafka.bootstrap", "127.0.0.1:" + port));
    long start = System.nanoTime();
    UserError e = assertThrows(UserError.class, () -> Preflight.check(config, "ioc.submissions"));
    assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000, "said within seconds");
    assertEquals(UserError.SERVICES, e.exitCode());
    assertEquals(
        "Kafka does not answer at 127.0.0.1:"
            + port
            + ": start the services with 'deploy/ioc services up' (or set kafka.bootstrap)",
        e.getMessage());
  }

  @Test
  void influxDownIsOneLine() throws Exception {
    int port = closedPort();
    IocConfig config = IocConfig.of(Map.of("influx.url", "http://127.0.0.1:" + port));
    UserError e = assertThrows(UserError.class, () -> Preflight.influx(config));
    assertEquals(UserError.SERVICES, e.exitCode());
    assertTrue(
        e.getMessage().startsWith("InfluxDB does not answer at http://127.0.0.1:" + port + " ("),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith("): start the services with 'deploy/ioc services up' (or set influx.url)"),
        e.getMessage());
  }
}
