package vn.ioc.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ioc.influx.InfluxTransport.Response;
import vn.ioc.influx.LineProtocol.Encoded;
import vn.ioc.influx.LineProtocol.InvalidPointException;

/**
 * Writes a list of points to InfluxDB and returns only when InfluxDB has stored or refused every
 * one of them. No Flink in here: {@link InfluxSinkWriter} decides when to call it, the unit tests
 * drive it through a fake {@link InfluxTransport}.
 *
 * <p>How each answer is handled:
 *
 * <ul>
 *   <li>no answer (connection refused, timeout), 5xx, 408, 429: the same request again after an
 *       exponential backoff, forever. Nothing is evicted; the caller blocks, which is Flink's
 *       back-pressure, and a checkpoint waits for it.
 *   <li>400 or 422: InfluxDB stores the good lines of a batch and refuses the bad ones ("partial
 *       write"), naming at most one of them. The batch is split in halves and each half sent again,
 *       down to single lines, so the refused points are found exactly. Re-sending a good line is
 *       harmless: same series and timestamp is the same point. When the server says it dropped
 *       every line of a request ({@code dropped=N}), all are refused without splitting.
 *   <li>413 (body too large): split without refusing anything, down to a single line.
 *   <li>401, 403, 404 and any other 4xx: a configuration error; thrown as {@link
 *       InfluxConfigurationException}.
 * </ul>
 *
 * <p>Replacing points: before the batch is written, each replaced point is deleted with a {@code
 * DELETE} that names every tag of the measurement ({@link InfluxQl#deletePoints}), so only that
 * series at that instant goes. Order is kept per stored point: earlier writes of a point in the
 * same batch, before its last replacing write, are superseded (they would be deleted anyway) and
 * not sent; the replacing write and later ones are sent in order after the delete. A replacing
 * point that sets every field key the measurement has ({@code SHOW FIELD KEYS}) cannot leave a
 * stale field behind and is not deleted first: replacing costs a DELETE only when a field may have
 * to disappear.
 */
final class InfluxBatchWriter {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxBatchWriter.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DROPPED = Pattern.compile("dropped=(\\d+)");

  /**
   * Series per DELETE statement: InfluxDB 1.6 slows down superlinearly beyond a few hundred OR
   * terms.
   */
  static final int SERIES_PER_DELETE = 200;

  /** DELETE statements per /query request: keeps each request well under a second. */
  static final int DELETES_PER_REQUEST = 10;

  private final InfluxTransport transport;
  private final int batchSize;
  private final Backoff backoff;
  private final Backoff.Sleeper sleeper;
  private final Counter written;
  private final Counter retries;

  /** Points deleted before being replaced, for tests and logs. */
  long deletesSent;

  /** A point InfluxDB refused, with its reason. */
  record Rejection(InfluxPoint point, String error) {}

  InfluxBatchWriter(
      InfluxTransport transport,
      int batchSize,
      Backoff backoff,
      Backoff.Sleeper sleeper,
      Counter written,
      Counter retries) {
    this.transport = transport;
    this.batchSize = batchSize;
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.written = written;
    this.retries = retries;
  }

  /**
   * Writes the points in order; returns the refused ones. Blocks while InfluxDB is unreachable.
   *
   * @throws InfluxConfigurationException when InfluxDB refuses the sink itself (auth, database)
   */
  List<Rejection> writeAll(List<InfluxPoint> points) throws IOException, InterruptedException {
    List<Rejection> rejected = new ArrayList<>();
    List<Encoded> encoded = new ArrayList<>(points.size());
    for (InfluxPoint p : points) {
      try {
        encoded.add(LineProtocol.encode(p));
      } catch (InvalidPointException e) {
        rejected.add(new Rejection(p, "not sent: " + e.getMessage()));
      }
    }

    // The last replacing write of each stored point in this batch.
    Map<String, Integer> lastReplace = new LinkedHashMap<>();
    for (int i = 0; i < encoded.size(); i++) {
      if (encoded.get(i).point().replace) lastReplace.put(encoded.get(i).pointKey(), i);
    }
    if (!lastReplace.isEmpty()) deleteReplaced(encoded, lastReplace);

    List<Encoded> toSend = new ArrayList<>(encoded.size());
    long settled = 0;
    for (int i = 0; i < encoded.size(); i++) {
      Encoded e = encoded.get(i);
      Integer replaceAt = lastReplace.get(e.pointKey());
      if ((replaceAt != null && i < replaceAt) || e.line() == null) {
        settled++; // superseded by a later replacing write, or a delete-only point: done
      } else {
        toSend.add(e);
      }
    }
    written.inc(settled);
    for (int from = 0; from < toSend.size(); from += batchSize) {
      writeSegment(toSend.subList(from, Math.min(toSend.size(), from + batchSize)), rejected);
    }
    return rejected;
  }

  private void writeSegment(List<Encoded> segment, List<Rejection> rejected)
      throws IOException, InterruptedException {
    StringBuilder body = new StringBuilder(segment.size() * 128);
    for (Encoded e : segment) body.append(e.line()).append('\n');
    Response r =
        withRetry(() -> transport.write(body.toString()), "write of " + segment.size() + " points");
    if (r.ok()) {
      written.inc(segment.size());
      return;
    }
    String error = errorMessage(r);
    switch (r.status()) {
      case 400, 422 -> {
        if (segment.size() == 1) {
          rejected.add(new Rejection(segment.get(0).point(), error));
          return;
        }
        Matcher m = DROPPED.matcher(error);
        if (m.find() && Long.parseLong(m.group(1)) == segment.size()) {
          for (Encoded e : segment) rejected.add(new Rejection(e.point(), error));
          return;
        }
        split(segment, rejected);
      }
      case 413 -> {
        if (segment.size() == 1) {
          rejected.add(
              new Rejection(segment.get(0).point(), "point too large for the server: " + error));
        } else {
          split(segment, rejected);
        }
      }
      default -> throw refusal(r, "a write");
    }
  }

  private void split(List<Encoded> segment, List<Rejection> rejected)
      throws IOException, InterruptedException {
    int half = segment.size() / 2;
    writeSegment(segment.subList(0, half), rejected);
    writeSegment(segment.subList(half, segment.size()), rejected);
  }

  /** What a measurement has stored: its tag keys and field keys (over all its series). */
  private record StoredKeys(Set<String> tagKeys, Set<String> fieldKeys) {}

  private void deleteReplaced(List<Encoded> encoded, Map<String, Integer> lastReplace)
      throws IOException, InterruptedException {
    Map<String, StoredKeys> stored = new HashMap<>();
    for (int i : lastReplace.values()) {
      String measurement = encoded.get(i).measurement();
      if (!stored.containsKey(measurement)) stored.put(measurement, storedKeys(measurement));
    }
    // Tag keys this batch is about to add count too: a DELETE must pin them to '' as well.
    for (Encoded e : encoded) {
      StoredKeys keys = stored.get(e.measurement());
      if (keys != null) keys.tagKeys().addAll(e.tags().keySet());
    }
    // A replacing point that sets every field the measurement has leaves nothing stale: its
    // write overwrites them all, no DELETE needed. The others are deleted, grouped per instant.
    Map<String, Map<Long, List<Map<String, String>>>> toDelete = new LinkedHashMap<>();
    for (int i : lastReplace.values()) {
      Encoded e = encoded.get(i);
      if (e.fieldKeys().containsAll(stored.get(e.measurement()).fieldKeys())) continue;
      toDelete
          .computeIfAbsent(e.measurement(), m -> new LinkedHashMap<>())
          .computeIfAbsent(e.point().timeMillis, t -> new ArrayList<>())
          .add(e.tags());
    }
    List<String> statements = new ArrayList<>();
    int points = 0;
    for (Map.Entry<String, Map<Long, List<Map<String, String>>>> m : toDelete.entrySet()) {
      Set<String> tagKeys = stored.get(m.getKey()).tagKeys();
      for (Map.Entry<Long, List<Map<String, String>>> t : m.getValue().entrySet()) {
        List<Map<String, String>> series = t.getValue();
        for (int from = 0; from < series.size(); from += SERIES_PER_DELETE) {
          List<Map<String, String>> group =
              series.subList(from, Math.min(series.size(), from + SERIES_PER_DELETE));
          statements.add(InfluxQl.deletePoints(m.getKey(), group, t.getKey(), tagKeys));
          points += group.size();
        }
      }
    }
    deletesSent += points;
    for (int from = 0; from < statements.size(); from += DELETES_PER_REQUEST) {
      List<String> chunk =
          statements.subList(from, Math.min(statements.size(), from + DELETES_PER_REQUEST));
      query(
          String.join(";\n", chunk), "DELETE of replaced points (" + chunk.size() + " statements)");
    }
  }

  private StoredKeys storedKeys(String measurement) throws IOException, InterruptedException {
    JsonNode results =
        query(InfluxQl.showKeys(measurement), "SHOW TAG KEYS and SHOW FIELD KEYS").path("results");
    return new StoredKeys(firstColumn(results.path(0)), firstColumn(results.path(1)));
  }

  private static Set<String> firstColumn(JsonNode result) {
    Set<String> values = new TreeSet<>();
    for (JsonNode series : result.path("series")) {
      for (JsonNode row : series.path("values")) values.add(row.path(0).asText());
    }
    return values;
  }

  /**
   * Runs statements through /query; any refusal is a configuration error (these are the sink's own
   * statements).
   */
  private JsonNode query(String statements, String what) throws IOException, InterruptedException {
    Response r = withRetry(() -> transport.query(statements), what);
    if (!r.ok()) throw refusal(r, what);
    JsonNode json;
    try {
      json = JSON.readTree(r.body());
    } catch (IOException e) {
      throw new InfluxConfigurationException(
          "InfluxDB at "
              + transport.describe()
              + " answered "
              + what
              + " with something that is not JSON: "
              + abbreviate(r.body()));
    }
    String error = json.path("error").asText(null);
    for (JsonNode result : json.path("results")) {
      if (error == null) error = result.path("error").asText(null);
    }
    if (error != null) {
      throw new InfluxConfigurationException(
          "InfluxDB at "
              + transport.describe()
              + " refused "
              + what
              + ": "
              + error
              + (what.startsWith("DELETE")
                  ? " (points with replace=true need a server that deletes points: InfluxDB 1.x, or 2.x through its v1 API)"
                  : ""));
    }
    return json;
  }

  private interface Call {
    Response call() throws IOException, InterruptedException;
  }

  /**
   * Sends until the answer is one that retrying cannot change; IO errors, 5xx, 408 and 429 are
   * retried.
   */
  private Response withRetry(Call call, String what) throws IOException, InterruptedException {
    int attempt = 0;
    long firstFailure = 0;
    while (true) {
      String failure;
      try {
        Response r = call.call();
        if (!retryable(r.status())) {
          if (attempt > 0) {
            LOG.info(
                "InfluxDB at {} answers again: {} went through after {} retries in {} s",
                transport.describe(),
                what,
                attempt,
                (System.currentTimeMillis() - firstFailure) / 1000);
          }
          return r;
        }
        failure = "HTTP " + r.status() + " " + errorMessage(r);
      } catch (InfluxConfigurationException e) {
        throw e;
      } catch (IOException e) {
        failure = e.toString();
      }
      if (attempt == 0) firstFailure = System.currentTimeMillis();
      attempt++;
      retries.inc();
      long delay = backoff.delayMillis(attempt);
      if (attempt == 1 || attempt % 10 == 0) {
        LOG.warn(
            "InfluxDB at {} failed {} ({}); retry {} in {} ms; nothing is dropped, the job waits",
            transport.describe(),
            what,
            abbreviate(failure),
            attempt,
            delay);
      }
      sleeper.sleep(delay);
    }
  }

  static boolean retryable(int status) {
    return status >= 500 || status == 408 || status == 429;
  }

  private InfluxConfigurationException refusal(Response r, String what) {
    String error = errorMessage(r);
    String hint =
        switch (r.status()) {
          case 401 ->
              "authentication failed: check the InfluxDB user and password (for 2.x/3.x: the token)";
          case 403 ->
              "the InfluxDB user lacks a privilege (writes need WRITE; replacing points also need READ, for SHOW TAG KEYS and SHOW FIELD KEYS)";
          case 404 -> "not found: check the database name and the URL";
          default -> "HTTP " + r.status();
        };
    return new InfluxConfigurationException(
        "InfluxDB at "
            + transport.describe()
            + " refused "
            + what
            + ": "
            + hint
            + " (server said: "
            + error
            + ")");
  }

  /** The server's {"error": "..."} message, or the body itself when it is not that. */
  static String errorMessage(Response r) {
    String body = r.body() == null ? "" : r.body().trim();
    if (body.startsWith("{")) {
      try {
        JsonNode error = JSON.readTree(body).path("error");
        if (error.isTextual()) return error.asText();
        JsonNode message = JSON.readTree(body).path("message");
        if (message.isTextual()) return message.asText();
      } catch (IOException e) {
        // not JSON after all
      }
    }
    return body.isEmpty() ? "HTTP " + r.status() : abbreviate(body);
  }

  static String abbreviate(String s) {
    return s.length() <= 500 ? s : s.substring(0, 500) + "…";
  }
}
