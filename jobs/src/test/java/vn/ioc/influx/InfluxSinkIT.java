package vn.ioc.influx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.influxdb.InfluxDB;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.ioc.influx.InfluxSinkWriterTest.RecordingHandler;

/**
 * The sink's writer against a real InfluxDB 1.6 (a private {@link InfluxServer}, auth off): exact
 * read-back, replace semantics, tag injection, partial writes. Each test has its own database.
 */
class InfluxSinkIT {
  private static InfluxServer server;
  private static InfluxDB client;

  @BeforeAll
  static void startServer() throws Exception {
    server = InfluxServer.start(false);
    client = server.client();
  }

  @AfterAll
  static void stopServer() {
    if (client != null) client.close();
    if (server != null) server.close();
  }

  private final RecordingHandler handler = new RecordingHandler();
  private CountingTransport transport;

  private InfluxSinkWriter writer(String database) throws Exception {
    server.execute("CREATE DATABASE " + InfluxQl.identifier(database));
    InfluxSinkSettings settings =
        InfluxSinkSettings.builder(server.url(), database).batchSize(5000).build();
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

  private static void writeAll(InfluxSinkWriter w, InfluxPoint... points) throws Exception {
    for (InfluxPoint p : points) w.write(p, null);
    w.flush(false);
  }

  @Test
  void pointsAreStoredExactlyAsWritten() throws Exception {
    InfluxSinkWriter w = writer("exact");
    long hour = 1_719_792_000_000L; // 2024-07-01T00:00:00Z
    writeAll(
        w,
        InfluxPoint.of("service_rates", hour)
            .tag("scope", "unit")
            .tag("unit", "000.00.12.H40")
            .tag("window", "1h")
            .field("received", 12L)
            .field("online", 5L)
            .field("online_rate_pct", 100.0 * 5 / 12),
        InfluxPoint.of("service_rates", hour + 3_600_000L)
            .tag("scope", "unit")
            .tag("unit", "000.00.12.H40")
            .tag("window", "1h")
            .field("received", 9_007_199_254_740_993L)
            .field("online_rate_pct", 0.1 + 0.2),
        InfluxPoint.of("service_rates", hour + 123L)
            .tag("scope", "province")
            .tag("province", "40")
            .tag("window", "1m")
            .field("received", -3L)
            .field("note", "say \"hi\" \\ then\na new line, Tiếng Việt"));

    assertEquals(
        List.of(
            "service_rates,province=40,scope=province,window=1m @1719792000123 note=\"say \"hi\" \\ then\na new line, Tiếng Việt\",received=-3i",
            "service_rates,scope=unit,unit=000.00.12.H40,window=1h @1719792000000 online=5i,online_rate_pct=41.666666666666664,received=12i",
            "service_rates,scope=unit,unit=000.00.12.H40,window=1h @1719795600000 online_rate_pct=0.30000000000000004,received=9007199254740993i"),
        Rows.of(client, "exact", "service_rates"));
    assertEquals(3, w.pointsWritten());
    assertEquals(1, transport.writes.get());
    assertEquals(0, transport.queries.get());
  }

  @Test
  void aReplacingPointDropsItsOldFieldsAndTouchesNothingElse() throws Exception {
    InfluxSinkWriter w = writer("replace");
    long t = 1_719_792_000_000L;
    writeAll(
        w,
        unit("H40", t).field("received", 4L).field("online", 2L).field("online_rate_pct", 50.0),
        unit("H40", t + 60_000)
            .field("received", 2L)
            .field("online", 1L)
            .field("online_rate_pct", 50.0),
        unit("H41", t).field("received", 8L).field("online", 2L).field("online_rate_pct", 25.0),
        unit("H40", t)
            .tag("scope", "unit_service")
            .tag("service", "1.004227")
            .field("received", 4L)
            .field("online_rate_pct", 50.0),
        InfluxPoint.of("other", t)
            .tag("scope", "unit")
            .tag("unit", "H40")
            .tag("window", "1m")
            .field("received", 1L));
    // A revision takes received to 0: the rate no longer applies and must disappear.
    // In the same batch: a point written and then replaced (its first fields must not survive
    // either).
    writeAll(
        w,
        unit("H40", t).field("received", 0L).field("online", 0L).replacing(),
        unit("H42", t).field("received", 3L).field("online_rate_pct", 100.0),
        unit("H42", t).field("received", 0L).replacing());

    assertEquals(
        List.of(
            "service_rates,scope=unit,unit=H40,window=1m @1719792000000 online=0i,received=0i",
            "service_rates,scope=unit,unit=H40,window=1m @1719792060000 online=1i,online_rate_pct=50.0,received=2i",
            "service_rates,scope=unit,unit=H41,window=1m @1719792000000 online=2i,online_rate_pct=25.0,received=8i",
            "service_rates,scope=unit,unit=H42,window=1m @1719792000000 received=0i",
            "service_rates,scope=unit_service,service=1.004227,unit=H40,window=1m @1719792000000 online_rate_pct=50.0,received=4i"),
        Rows.of(client, "replace", "service_rates"));
    assertEquals(
        List.of("other,scope=unit,unit=H40,window=1m @1719792000000 received=1i"),
        Rows.of(client, "replace", "other"));

    // A replacing point without fields deletes the point and writes nothing.
    writeAll(w, unit("H41", t).replacing());
    assertEquals(4, Rows.of(client, "replace", "service_rates").size());

    // One that sets every field the measurement has needs no DELETE: one SHOW query, then the
    // write.
    int queries = transport.queries.get();
    writeAll(
        w,
        unit("H40", t + 60_000)
            .field("received", 3L)
            .field("online", 3L)
            .field("online_rate_pct", 100.0)
            .replacing());
    assertEquals(queries + 1, transport.queries.get());
    assertEquals(
        "service_rates,scope=unit,unit=H40,window=1m @1719792060000 online=3i,online_rate_pct=100.0,received=3i",
        Rows.of(client, "replace", "service_rates").get(1));
    assertEquals(List.of(), handler.calls.stream().filter(c -> c.startsWith("rejected")).toList());
  }

  private static InfluxPoint unit(String unit, long t) {
    return InfluxPoint.of("service_rates", t)
        .tag("scope", "unit")
        .tag("unit", unit)
        .tag("window", "1m");
  }

  @Test
  void tagValuesCanNeitherForgeNorLosePoints() throws Exception {
    InfluxSinkWriter w = writer("injection");
    String[] units = {
      "Sở Tư pháp tỉnh Nghệ An",
      "Hà Tĩnh, Nghệ An",
      "a=b",
      "x\ninjection,unit=forged v=666i 0",
      "trailing\\",
      "",
      "\r\n",
    };
    List<InfluxPoint> points = new ArrayList<>();
    for (int i = 0; i < units.length; i++) {
      points.add(
          InfluxPoint.of("injection", 1000)
              .tag("scope", "unit")
              .tag("unit", units[i])
              .field("v", (long) i));
    }
    points.add(
        InfluxPoint.of("injection", 1000)
            .tag("scope", "unit")
            .field("v", 7L)); // no unit tag at all
    points.add(
        InfluxPoint.of("injection", 1000)
            .tag("scope", "unit")
            .tag("unit", "keys")
            .field("tỷ lệ, %=", 1.5));
    writeAll(w, points.toArray(InfluxPoint[]::new));

    assertEquals(
        List.of(
            "injection,scope=unit @1000 v=7i",
            "injection,scope=unit,unit=" + "  " + " @1000 v=6i", // CR LF: two spaces
            "injection,scope=unit,unit=(empty) @1000 v=5i",
            "injection,scope=unit,unit=Hà Tĩnh, Nghệ An @1000 v=1i",
            "injection,scope=unit,unit=Sở Tư pháp tỉnh Nghệ An @1000 v=0i",
            "injection,scope=unit,unit=a=b @1000 v=2i",
            "injection,scope=unit,unit=keys @1000 " + "tỷ lệ, %=" + "=1.5",
            "injection,scope=unit,unit=trailing⧵ @1000 v=4i",
            "injection,scope=unit,unit=x injection,unit=forged v=666i 0 @1000 v=3i"),
        Rows.of(client, "injection", "injection"));
    List<QueryResult.Series> measurements =
        InfluxServer.series(client, "injection", "SHOW MEASUREMENTS");
    assertEquals(List.of(List.of("injection")), measurements.get(0).getValues());
    List<QueryResult.Series> series = InfluxServer.series(client, "injection", "SHOW SERIES");
    assertEquals(9, series.get(0).getValues().size());
    assertEquals(List.of(), handler.calls.stream().filter(c -> c.startsWith("rejected")).toList());
  }

  @Test
  void aPartialWriteKeepsTheGoodPointsAndHandsOverTheBadOnesWithoutRetrying() throws Exception {
    InfluxSinkWriter w = writer("conflict");
    writeAll(
        w,
        InfluxPoint.of("m", 0).tag("s", "a").field("v", 1L)); // v is an integer field from now on
    int writesBefore = transport.writes.get();

    List<InfluxPoint> batch =
        new ArrayList<>(
            IntStream.range(1, 51)
                .mapToObj(i -> InfluxPoint.of("m", i * 1000L).tag("s", "a").field("v", (long) i))
                .toList());
    batch.set(0, InfluxPoint.of("m", 1000).tag("s", "a").field("v", "text"));
    batch.add(InfluxPoint.of("m", 99_000).tag("s", "a").field("v", Double.NaN));
    writeAll(w, batch.toArray(InfluxPoint[]::new));

    assertEquals(
        List.of(
            "open it/0",
            "flush",
            "rejected m,s=a v=NaN 99000 -- not sent: field 'v' is NaN: line protocol has no non-finite floats",
            "rejected m,s=a v=\"text\" 1000 -- partial write: field type conflict: input field \"v\" on measurement \"m\" is type string, already exists as type integer dropped=1",
            "flush"),
        handler.calls);
    assertEquals(2, w.rejectedPoints());
    assertEquals(0, w.writeRetries());
    // 50 lines, the bad one first: 1 request, then 2 per halving 50 -> 25 -> 12 -> 6 -> 3 -> 1.
    assertEquals(11, transport.writes.get() - writesBefore);
    List<String> rows = Rows.of(client, "conflict", "m");
    assertEquals(50, rows.size());
    assertEquals("m,s=a @0 v=1i", rows.get(0));
    assertTrue(rows.contains("m,s=a @50000 v=50i"));
    assertEquals(50, w.pointsWritten());
  }

  @Test
  void pointsBeyondTheRetentionPolicyAreHandedOver() throws Exception {
    InfluxSinkWriter w = writer("retention");
    server.execute(
        "CREATE RETENTION POLICY \"short\" ON \"retention\" DURATION 1h REPLICATION 1 DEFAULT");
    long now = System.currentTimeMillis();
    writeAll(
        w,
        InfluxPoint.of("m", now).field("v", 1L),
        InfluxPoint.of("m", 86_400_000L).field("v", 2L));
    assertEquals(
        List.of(
            "open it/0",
            "rejected m v=2i 86400000 -- partial write: points beyond retention policy dropped=1",
            "flush"),
        handler.calls);
    assertEquals(List.of("m @" + now + " v=1i"), Rows.of(client, "retention", "m"));
  }
}
