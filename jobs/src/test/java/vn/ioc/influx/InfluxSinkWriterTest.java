package vn.ioc.influx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;
import vn.ioc.influx.InfluxTransport.Response;

class InfluxSinkWriterTest {
  private final FakeTransport influx = new FakeTransport();
  private final List<Long> sleeps = new ArrayList<>();
  private final RecordingHandler handler = new RecordingHandler();

  /** Keeps what it is given, and the order of calls. */
  static final class RecordingHandler implements RejectedPointHandler {
    final List<String> calls = new ArrayList<>();

    @Override
    public void open(Context context) {
      calls.add("open " + context.jobName() + "/" + context.subtaskIndex());
    }

    @Override
    public void rejected(InfluxPoint point, String error) {
      calls.add("rejected " + LineProtocol.describe(point) + " -- " + error);
    }

    @Override
    public void flush() {
      calls.add("flush");
    }

    @Override
    public void close() {
      calls.add("close");
    }
  }

  private InfluxSinkWriter writer(int batchSize, boolean objectReuse) throws IOException {
    InfluxSinkSettings settings =
        InfluxSinkSettings.builder("http://127.0.0.1:1", "ioc").batchSize(batchSize).build();
    return new InfluxSinkWriter(
        settings,
        influx,
        sleeps::add,
        handler,
        new RejectedPointHandler.Context("job", 1),
        new UnregisteredMetricsGroup(),
        objectReuse);
  }

  private static InfluxPoint point(int i) {
    return InfluxPoint.of("m", i).tag("unit", "u").field("v", (long) i);
  }

  @Test
  void buffersUntilTheBatchIsFullThenWritesInsideWrite() throws Exception {
    InfluxSinkWriter w = writer(3, false);
    w.write(point(1), null);
    w.write(point(2), null);
    assertEquals(0, influx.requests.size());
    assertEquals(2, w.bufferedPoints());
    w.write(point(3), null);
    assertEquals(List.of("m,unit=u v=1i 1\nm,unit=u v=2i 2\nm,unit=u v=3i 3\n"), influx.writes());
    assertEquals(0, w.bufferedPoints());
    assertEquals(3, w.pointsWritten());
  }

  @Test
  void aPartialBatchIsWrittenAtTheLatestTheMaxBatchDelayAfterItsFirstPoint() throws Exception {
    var time = new org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService();
    time.setCurrentTime(1_000);
    InfluxSinkWriter w = writer(100, false).flushingAfter(time, java.time.Duration.ofSeconds(1));
    w.write(point(1), null);
    time.setCurrentTime(1_500);
    w.write(point(2), null);
    time.setCurrentTime(1_999);
    assertEquals(0, influx.requests.size());
    time.setCurrentTime(2_000);
    assertEquals(List.of("m,unit=u v=1i 1\nm,unit=u v=2i 2\n"), influx.writes());
    // the next partial batch gets its own deadline, from its own first point
    time.setCurrentTime(5_000);
    w.write(point(3), null);
    time.setCurrentTime(5_999);
    assertEquals(1, influx.writes().size());
    time.setCurrentTime(6_000);
    assertEquals(2, influx.writes().size());
  }

  @Test
  void flushWritesWhatIsBufferedAndThenFlushesTheHandler() throws Exception {
    InfluxSinkWriter w = writer(100, false);
    w.write(point(1), null);
    w.flush(false);
    assertEquals(List.of("m,unit=u v=1i 1\n"), influx.writes());
    assertEquals(List.of("open job/1", "flush"), handler.calls);
    w.flush(true); // nothing buffered: no request
    assertEquals(1, influx.requests.size());
    w.close();
    assertEquals(List.of("open job/1", "flush", "flush", "close"), handler.calls);
    assertTrue(influx.closed);
  }

  @Test
  void flushReturnsOnlyOnceInfluxDbHasThePoints() throws Exception {
    int[] calls = {0};
    influx.onWrite =
        body -> {
          if (calls[0]++ < 4) throw new ConnectException("Connection refused");
          return new Response(204, "");
        };
    InfluxSinkWriter w = writer(100, false);
    w.write(point(1), null);
    w.flush(false);
    assertEquals(5, influx.requests.size());
    assertEquals(4, w.writeRetries());
    assertEquals(4, sleeps.size());
    assertEquals(1, w.pointsWritten());
    assertEquals(0, w.bufferedPoints());
  }

  @Test
  void refusedPointsAreCountedAndHandedToTheHandlerBeforeItIsFlushed() throws Exception {
    influx.onWrite =
        body ->
            body.contains("v=2i")
                ? new Response(
                    400, "{\"error\":\"partial write: points beyond retention policy dropped=1\"}")
                : new Response(204, "");
    InfluxSinkWriter w = writer(100, false);
    w.write(point(1), null);
    w.write(point(2), null);
    w.write(point(3), null);
    w.flush(false);
    assertEquals(
        List.of(
            "open job/1",
            "rejected m,unit=u v=2i 2 -- partial write: points beyond retention policy dropped=1",
            "flush"),
        handler.calls);
    assertEquals(1, w.rejectedPoints());
    assertEquals(2, w.pointsWritten());
    assertEquals(0, w.writeRetries());
  }

  @Test
  void copiesPointsWhenFlinkReusesObjects() throws Exception {
    InfluxSinkWriter w = writer(100, true);
    InfluxPoint reused = point(1);
    w.write(reused, null);
    reused.longFields.put("v", 99L);
    reused.timeMillis = 99;
    w.flush(false);
    assertEquals(List.of("m,unit=u v=1i 1\n"), influx.writes());
  }

  @Test
  void aConfigurationErrorFailsTheWriteAndKeepsTheBuffer() throws Exception {
    influx.onWrite = body -> new Response(401, "{\"error\":\"authorization failed\"}");
    InfluxSinkWriter w = writer(100, false);
    w.write(point(1), null);
    assertThrows(InfluxConfigurationException.class, () -> w.flush(false));
    assertEquals(1, w.bufferedPoints());
    assertEquals(0, w.pointsWritten());
  }

  @Test
  void copyIsDeep() {
    InfluxPoint p = point(1).field("s", "x").field("d", 1.5);
    InfluxPoint c = new InfluxPoint(p);
    assertEquals(p, c);
    assertNotSame(p.tags, c.tags);
    assertNotSame(p.longFields, c.longFields);
  }
}
