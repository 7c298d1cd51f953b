package vn.ioc.influx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;
import vn.ioc.influx.InfluxBatchWriter.Rejection;
import vn.ioc.influx.InfluxTransport.Response;

class InfluxBatchWriterTest {
  private final FakeTransport influx = new FakeTransport();
  private final List<Long> sleeps = new ArrayList<>();
  private final SimpleCounter written = new SimpleCounter();
  private final SimpleCounter retries = new SimpleCounter();

  /** Lines the fake server stored, in order, as a real one would on a partial write. */
  private final Set<String> stored = new LinkedHashSet<>();

  private InfluxBatchWriter writer(int batchSize) {
    Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), () -> 1.0);
    return new InfluxBatchWriter(influx, batchSize, backoff, sleeps::add, written, retries);
  }

  private static InfluxPoint point(int i) {
    return InfluxPoint.of("m", 1000L * i).tag("unit", "u" + i).field("v", (long) i);
  }

  private static InfluxPoint bad(int i) {
    return InfluxPoint.of("m", 1000L * i).tag("unit", "u" + i).field("v", "bad");
  }

  /**
   * Stores every line without "bad"; answers 400 partial write when some line has it, like InfluxDB
   * 1.x.
   */
  private void partialWrites() {
    influx.onWrite =
        body -> {
          long dropped = 0;
          for (String line : body.lines().toList()) {
            if (line.contains("bad")) dropped++;
            else stored.add(line);
          }
          return dropped == 0
              ? new Response(204, "")
              : new Response(
                  400,
                  "{\"error\":\"partial write: field type conflict: input field \\\"v\\\" on measurement \\\"m\\\" is type string, already exists as type integer dropped="
                      + dropped
                      + "\"}");
        };
  }

  @Test
  void writesABatchInOneRequest() throws Exception {
    List<Rejection> refused = writer(10).writeAll(List.of(point(1), point(2)));
    assertEquals(List.of(), refused);
    assertEquals(List.of("write:m,unit=u1 v=1i 1000\nm,unit=u2 v=2i 2000\n"), influx.requests);
    assertEquals(2, written.getCount());
  }

  @Test
  void splitsIntoRequestsOfBatchSize() throws Exception {
    writer(2).writeAll(List.of(point(1), point(2), point(3)));
    assertEquals(
        List.of("m,unit=u1 v=1i 1000\nm,unit=u2 v=2i 2000\n", "m,unit=u3 v=3i 3000\n"),
        influx.writes());
  }

  @Test
  void findsTheOneRefusedPointByBisectionWithoutRetryStorm() throws Exception {
    partialWrites();
    List<InfluxPoint> points =
        new ArrayList<>(IntStream.range(0, 100).mapToObj(InfluxBatchWriterTest::point).toList());
    points.set(37, bad(37));

    List<Rejection> refused = writer(5000).writeAll(points);

    assertEquals(1, refused.size());
    assertEquals(bad(37), refused.get(0).point());
    assertEquals(
        "partial write: field type conflict: input field \"v\" on measurement \"m\" is type string, already exists as type integer dropped=1",
        refused.get(0).error());
    // 1 request for the batch, then 2 per level down to the single line: 100 -> 50 -> 25 -> 13 -> 6
    // -> 3 -> 1.
    assertEquals(1 + 2 * 6, influx.requests.size());
    assertEquals(99, stored.size());
    assertEquals(99, written.getCount());
    assertEquals(0, retries.getCount());
    assertEquals(List.of(), sleeps);
  }

  @Test
  void refusesAWholeRequestAtOnceWhenTheServerDroppedEveryLine() throws Exception {
    partialWrites();
    List<InfluxPoint> points = List.of(point(1), bad(2), bad(3), bad(4), bad(5));
    List<Rejection> refused = writer(5000).writeAll(points);
    assertEquals(
        List.of(bad(2), bad(3), bad(4), bad(5)), refused.stream().map(Rejection::point).toList());
    // [1..5] -> [1,2] -> [1], [2]; [3,4,5] dropped=3: refused without splitting
    assertEquals(5, influx.requests.size());
    assertEquals(1, written.getCount());
  }

  @Test
  void refusesLocallyWhatCannotBeSentAndWritesTheRest() throws Exception {
    List<Rejection> refused =
        writer(10).writeAll(List.of(point(1), InfluxPoint.of("m", 2).field("v", Double.NaN)));
    assertEquals(
        List.of(
            new Rejection(
                InfluxPoint.of("m", 2).field("v", Double.NaN),
                "not sent: field 'v' is NaN: line protocol has no non-finite floats")),
        refused);
    assertEquals(List.of("m,unit=u1 v=1i 1000\n"), influx.writes());
  }

  @Test
  void retriesOutagesAnd5xxWithGrowingBackoffUntilTheWriteGoesThrough() throws Exception {
    int[] calls = {0};
    influx.onWrite =
        body ->
            switch (calls[0]++) {
              case 0 -> throw new ConnectException("Connection refused");
              case 1 -> throw new HttpTimeoutException("request timed out");
              case 2 -> new Response(503, "Service Unavailable");
              case 3 -> new Response(500, "{\"error\":\"timeout\"}");
              case 4 -> new Response(429, "");
              default -> new Response(204, "");
            };
    assertEquals(List.of(), writer(10).writeAll(List.of(point(1))));
    assertEquals(6, influx.requests.size());
    assertEquals(List.of(200L, 400L, 800L, 1600L, 3200L), sleeps);
    assertEquals(5, retries.getCount());
    assertEquals(1, written.getCount());
  }

  @Test
  void authenticationFailureStopsWithAClearMessage() {
    influx.onWrite = body -> new Response(401, "{\"error\":\"authorization failed\"}");
    InfluxConfigurationException e =
        assertThrows(
            InfluxConfigurationException.class, () -> writer(10).writeAll(List.of(point(1))));
    assertEquals(
        "InfluxDB at fake refused a write: authentication failed: check the InfluxDB user and password (for 2.x/3.x: the token) (server said: authorization failed)",
        e.getMessage());
    assertEquals(1, influx.requests.size());
    assertEquals(0, written.getCount());
  }

  @Test
  void missingPrivilegeAndMissingDatabaseStopToo() {
    influx.onWrite =
        body ->
            new Response(
                403,
                "{\"error\":\"\\\"u\\\" user is not authorized to write to database \\\"ioc\\\"\"}");
    assertTrue(
        assertThrows(
                InfluxConfigurationException.class, () -> writer(10).writeAll(List.of(point(1))))
            .getMessage()
            .contains("lacks a privilege"));
    influx.onWrite = body -> new Response(404, "{\"error\":\"database not found: \\\"ioc\\\"\"}");
    assertEquals(
        "InfluxDB at fake refused a write: not found: check the database name and the URL (server said: database not found: \"ioc\")",
        assertThrows(
                InfluxConfigurationException.class, () -> writer(10).writeAll(List.of(point(1))))
            .getMessage());
  }

  @Test
  void tooLargeRequestsAreSplitWithoutRefusingAnything() throws Exception {
    influx.onWrite =
        body ->
            body.split("\n").length > 2
                ? new Response(413, "{\"error\":\"Request Entity Too Large\"}")
                : new Response(204, "");
    List<Rejection> refused =
        writer(100).writeAll(IntStream.range(0, 8).mapToObj(InfluxBatchWriterTest::point).toList());
    assertEquals(List.of(), refused);
    assertEquals(8, written.getCount());
    assertEquals(1 + 2 + 4, influx.requests.size());
  }

  /** The answer to SHOW TAG KEYS; SHOW FIELD KEYS. */
  private static Response storedKeys(List<String> tagKeys, List<String> fieldKeys) {
    StringBuilder b =
        new StringBuilder(
            "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"m\",\"columns\":[\"tagKey\"],\"values\":[");
    b.append(String.join(",", tagKeys.stream().map(k -> "[\"" + k + "\"]").toList()));
    b.append(
        "]}]},{\"statement_id\":1,\"series\":[{\"name\":\"m\",\"columns\":[\"fieldKey\",\"fieldType\"],\"values\":[");
    b.append(String.join(",", fieldKeys.stream().map(k -> "[\"" + k + "\",\"float\"]").toList()));
    return new Response(200, b.append("]}]}]}").toString());
  }

  private void stored(List<String> tagKeys, List<String> fieldKeys) {
    influx.onQuery =
        q ->
            q.startsWith("SHOW")
                ? storedKeys(tagKeys, fieldKeys)
                : new Response(200, "{\"results\":[{\"statement_id\":0}]}");
  }

  private static final String SHOW_KEYS =
      "query:SHOW TAG KEYS FROM \"m\";\nSHOW FIELD KEYS FROM \"m\"";

  @Test
  void replacingPointsAreDeletedExactlyBeforeTheBatchIsWritten() throws Exception {
    stored(List.of("service", "unit"), List.of("rate", "v"));
    InfluxPoint first = point(1).field("rate", 50.0);
    InfluxPoint replaced = point(1).replacing();
    InfluxPoint later = point(1).field("extra", 2L);
    InfluxPoint other = point(2).tag("window", "1h").replacing();

    List<Rejection> refused = writer(10).writeAll(List.of(first, other, replaced, later));

    assertEquals(List.of(), refused);
    assertEquals(
        List.of(
            SHOW_KEYS,
            "query:DELETE FROM \"m\" WHERE \"service\" = '' AND \"unit\" = 'u2' AND \"window\" = '1h' AND time = 2000000000;\n"
                + "DELETE FROM \"m\" WHERE \"service\" = '' AND \"unit\" = 'u1' AND \"window\" = '' AND time = 1000000000",
            // the write of point 1 before its replacing write is superseded, the rest keeps its
            // order
            "write:m,unit=u2,window=1h v=2i 2000\nm,unit=u1 v=1i 1000\nm,unit=u1 extra=2i,v=1i 1000\n"),
        influx.requests);
    assertEquals(4, written.getCount());
  }

  @Test
  void aReplacingPointThatSetsEveryStoredFieldNeedsNoDelete() throws Exception {
    stored(List.of("unit"), List.of("rate", "v"));
    InfluxBatchWriter w = writer(10);
    w.writeAll(
        List.of(
            point(1).field("rate", 10.0).replacing(),
            point(2).field("rate", 20.0).field("new", 1L).replacing()));
    assertEquals(
        List.of(
            SHOW_KEYS,
            "write:m,unit=u1 rate=10.0,v=1i 1000\nm,unit=u2 new=1i,rate=20.0,v=2i 2000\n"),
        influx.requests);
    assertEquals(0, w.deletesSent);
  }

  @Test
  void seriesReplacedAtTheSameInstantAreDeletedInOneStatement() throws Exception {
    stored(List.of("unit"), List.of("rate", "v"));
    InfluxBatchWriter w = writer(10);
    w.writeAll(
        List.of(
            InfluxPoint.of("m", 60_000).tag("unit", "a").field("v", 1L).replacing(),
            InfluxPoint.of("m", 60_000).tag("unit", "b").field("v", 2L).replacing()));
    assertEquals(
        "query:DELETE FROM \"m\" WHERE ((\"unit\" = 'a') OR (\"unit\" = 'b')) AND time = 60000000000",
        influx.requests.get(1));
    assertEquals(2, w.deletesSent);
  }

  @Test
  void aReplacingPointWithoutFieldsOnlyDeletes() throws Exception {
    stored(List.of("unit"), List.of("v"));
    writer(10).writeAll(List.of(InfluxPoint.of("m", 5).tag("unit", "u").replacing()));
    assertEquals(
        List.of(SHOW_KEYS, "query:DELETE FROM \"m\" WHERE \"unit\" = 'u' AND time = 5000000"),
        influx.requests);
    assertEquals(1, written.getCount());
  }

  @Test
  void aMeasurementWithNothingStoredNeedsNoDelete() throws Exception {
    writer(10)
        .writeAll(
            List.of(InfluxPoint.of("m", 5).tag("unit", "u").replacing(), point(1).replacing()));
    assertEquals(List.of(SHOW_KEYS, "write:m,unit=u1 v=1i 1000\n"), influx.requests);
    assertEquals(2, written.getCount());
  }

  @Test
  void manyDeletesGoInGroupsAndChunks() throws Exception {
    stored(List.of("unit"), List.of("rate", "v"));
    List<InfluxPoint> sameInstant =
        IntStream.range(0, 1201)
            .mapToObj(i -> InfluxPoint.of("m", 0).tag("unit", "u" + i).field("v", 1L).replacing())
            .toList();
    writer(5000).writeAll(sameInstant);
    List<String> deletes =
        influx.requests.stream().filter(r -> r.startsWith("query:DELETE")).toList();
    assertEquals(1, deletes.size());
    assertEquals(
        List.of(200, 200, 200, 200, 200, 200, 1),
        List.of(deletes.get(0).split(";\n")).stream().map(d -> d.split(" OR ").length).toList());

    influx.requests.clear();
    writer(5000).writeAll(IntStream.range(0, 25).mapToObj(i -> point(i).replacing()).toList());
    assertEquals(
        List.of(10, 10, 5),
        influx.requests.stream()
            .filter(r -> r.startsWith("query:DELETE"))
            .map(q -> q.split(";\n").length)
            .toList());
    assertEquals(1, influx.writes().size());
  }

  @Test
  void aServerThatCannotDeleteStopsTheJobInsteadOfLeavingStaleFields() {
    influx.onQuery =
        q ->
            q.startsWith("SHOW")
                ? storedKeys(List.of("unit"), List.of("rate", "v"))
                : new Response(
                    200,
                    "{\"results\":[{\"statement_id\":0,\"error\":\"DELETE is not supported\"}]}");
    InfluxConfigurationException e =
        assertThrows(
            InfluxConfigurationException.class,
            () -> writer(10).writeAll(List.of(point(1).replacing())));
    assertEquals(
        "InfluxDB at fake refused DELETE of replaced points (1 statements): DELETE is not supported "
            + "(points with replace=true need a server that deletes points: InfluxDB 1.x, or 2.x through its v1 API)",
        e.getMessage());
    assertEquals(0, influx.writes().size());
  }

  @Test
  void queriesAreRetriedDuringAnOutageToo() throws Exception {
    int[] calls = {0};
    influx.onQuery =
        q -> {
          if (calls[0]++ < 2) throw new IOException("Connection reset");
          return new Response(200, "{\"results\":[{\"statement_id\":0}]}");
        };
    writer(10).writeAll(List.of(point(1).replacing()));
    assertEquals(2, retries.getCount());
    assertEquals(List.of(200L, 400L), sleeps);
    assertEquals(1, influx.writes().size());
  }

  @Test
  void errorMessagesComeFromTheJsonBodyOrTheText() {
    assertEquals("boom", InfluxBatchWriter.errorMessage(new Response(400, "{\"error\":\"boom\"}")));
    assertEquals(
        "<html>bad gateway</html>",
        InfluxBatchWriter.errorMessage(new Response(502, "<html>bad gateway</html>")));
    assertEquals("HTTP 502", InfluxBatchWriter.errorMessage(new Response(502, "")));
    assertEquals(
        "x".repeat(500) + "…", InfluxBatchWriter.errorMessage(new Response(500, "x".repeat(501))));
  }
}
