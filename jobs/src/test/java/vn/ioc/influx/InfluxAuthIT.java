package vn.ioc.influx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.influxdb.InfluxDB;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.ioc.influx.InfluxSinkWriterTest.RecordingHandler;

/**
 * The sink against an InfluxDB 1.6 with auth on: right credentials work, wrong ones stop the job
 * with a clear message.
 */
class InfluxAuthIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static InfluxServer server;
  private static InfluxDB client;

  @BeforeAll
  static void startServer() throws Exception {
    server = InfluxServer.start(true);
    client = server.client();
    server.execute("CREATE DATABASE \"ioc\"");
    server.execute("CREATE USER \"writer\" WITH PASSWORD 'wr1ter-pw'");
    server.execute("GRANT ALL ON \"ioc\" TO \"writer\"");
    server.execute("CREATE USER \"reader\" WITH PASSWORD 'reader-pw'");
    server.execute("GRANT READ ON \"ioc\" TO \"reader\"");
    server.execute("CREATE USER \"writeonly\" WITH PASSWORD 'wo-pw'");
    server.execute("GRANT WRITE ON \"ioc\" TO \"writeonly\"");
  }

  @AfterAll
  static void stopServer() {
    if (client != null) client.close();
    if (server != null) server.close();
  }

  private final RecordingHandler handler = new RecordingHandler();
  private CountingTransport transport;

  private InfluxSinkWriter writer(String user, String password) throws Exception {
    InfluxSinkSettings settings =
        InfluxSinkSettings.builder(server.url(), "ioc").credentials(user, password).build();
    transport = new CountingTransport(new InfluxClientTransport(settings));
    return new InfluxSinkWriter(
        settings,
        transport,
        Thread::sleep,
        handler,
        new RejectedPointHandler.Context("it", 0),
        new UnregisteredMetricsGroup(),
        false);
  }

  private static InfluxPoint point(long t) {
    return InfluxPoint.of("auth", t).tag("unit", "Sở Y tế").field("received", t);
  }

  @Test
  void theRightCredentialsWriteAndReplace() throws Exception {
    InfluxSinkWriter w = writer("writer", "wr1ter-pw");
    w.write(point(1).field("rate", 50.0), null);
    w.flush(false);
    w.write(point(1).replacing(), null);
    w.write(point(2), null);
    w.flush(false);
    assertEquals(
        List.of("auth,unit=Sở Y tế @1 received=1i", "auth,unit=Sở Y tế @2 received=2i"),
        Rows.of(client, "ioc", "auth"));
    assertEquals(3, w.pointsWritten());
  }

  @Test
  void aWrongPasswordStopsAtOnceWithoutRetrying() throws Exception {
    InfluxSinkWriter w = writer("writer", "wrong-password");
    w.write(point(10), null);
    InfluxConfigurationException e =
        assertThrows(InfluxConfigurationException.class, () -> w.flush(false));
    assertEquals(
        "InfluxDB at "
            + server.url()
            + " database ioc refused a write: authentication failed: check the InfluxDB user and password "
            + "(for 2.x/3.x: the token) (server said: authorization failed)",
        e.getMessage());
    assertTrue(!e.getMessage().contains("wrong-password"));
    assertEquals(1, transport.writes.get());
    assertEquals(0, w.writeRetries());
  }

  @Test
  void noCredentialsAreRefusedToo() throws Exception {
    InfluxSinkWriter w = writer(null, null);
    w.write(point(11), null);
    InfluxConfigurationException e =
        assertThrows(InfluxConfigurationException.class, () -> w.flush(false));
    assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
  }

  @Test
  void aUserWithoutWritePrivilegeIsRefusedWithTheReason() throws Exception {
    InfluxSinkWriter w = writer("reader", "reader-pw");
    w.write(point(12), null);
    InfluxConfigurationException e =
        assertThrows(InfluxConfigurationException.class, () -> w.flush(false));
    assertEquals(
        "InfluxDB at "
            + server.url()
            + " database ioc refused a write: the InfluxDB user lacks a privilege "
            + "(writes need WRITE; replacing points also need READ, for SHOW TAG KEYS and SHOW FIELD KEYS) "
            + "(server said: \"reader\" user is not authorized to write to database \"ioc\")",
        e.getMessage());
  }

  @Test
  void aWriteOnlyUserWritesButCannotReplace() throws Exception {
    InfluxSinkWriter w = writer("writeonly", "wo-pw");
    w.write(InfluxPoint.of("auth_write_only", 30).field("received", 30L), null);
    w.flush(false);
    assertEquals(1, w.pointsWritten());
    w.write(InfluxPoint.of("auth_write_only", 31).field("received", 31L).replacing(), null);
    InfluxConfigurationException e =
        assertThrows(InfluxConfigurationException.class, () -> w.flush(false));
    assertTrue(
        e.getMessage()
            .startsWith(
                "InfluxDB at "
                    + server.url()
                    + " database ioc refused SHOW TAG KEYS and SHOW FIELD KEYS: the InfluxDB user lacks a privilege"),
        e.getMessage());
  }

  @Test
  void aFlinkJobWithWrongCredentialsFailsWithTheMessage() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    env.configure(conf);
    env.setParallelism(2);
    InfluxSinkSettings settings =
        InfluxSinkSettings.builder(server.url(), "ioc")
            .credentials("writer", "wrong-password")
            .build();
    env.fromData(point(20), point(21), point(22))
        .sinkTo(new InfluxSink(settings, new LoggingRejectedPointHandler()))
        .uid("influx-sink")
        .name("InfluxDB");

    Exception e = assertThrows(Exception.class, () -> env.execute("auth-failure"));
    Optional<InfluxConfigurationException> cause =
        ExceptionUtils.findThrowable(e, InfluxConfigurationException.class);
    assertTrue(
        cause.isPresent(),
        () -> "no InfluxConfigurationException in " + ExceptionUtils.stringifyException(e));
    assertTrue(
        cause.get().getMessage().contains("authentication failed"), cause.get().getMessage());
  }
}
