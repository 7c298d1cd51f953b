package vn.ioc.indicators;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneId;
import java.util.Map;
import vn.ioc.calendar.Rfc3339;
import vn.ioc.influx.InfluxPoint;

/**
 * The indicator bus message ({@code ioc.indicators}, {@code schemas/indicator.schema.json}): one
 * per indicator write, with the same measurement, tags and fields as the InfluxDB point, the
 * window, {@code asOf} and {@code final}; or a writer's mark: how far in event time one writer of
 * the bus has got ({@code writer}, {@code watermark}). Timestamps in the configured local zone.
 */
public final class IndicatorJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private IndicatorJson() {}

  /**
   * Written field by field (every indicator write is one, so no tree in between). A field name in
   * two of the point's maps is written once, with the value of the later kind (text over double
   * over integer).
   */
  public static byte[] encode(IndicatorUpdate u, ZoneId zone) {
    InfluxPoint p = u.point;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(384);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(bytes)) {
      g.writeStartObject();
      g.writeStringField("measurement", p.measurement);
      g.writeObjectFieldStart("tags");
      for (Map.Entry<String, String> t : p.tags.entrySet())
        g.writeStringField(t.getKey(), t.getValue());
      g.writeEndObject();
      g.writeStringField("windowStart", Rfc3339.format(p.timeMillis, zone));
      g.writeStringField("windowEnd", Rfc3339.format(u.windowEnd, zone));
      g.writeObjectFieldStart("fields");
      for (Map.Entry<String, Long> f : p.longFields.entrySet()) {
        if (p.doubleFields.containsKey(f.getKey()) || p.stringFields.containsKey(f.getKey()))
          continue;
        g.writeNumberField(f.getKey(), f.getValue());
      }
      for (Map.Entry<String, Double> f : p.doubleFields.entrySet()) {
        if (p.stringFields.containsKey(f.getKey())) continue;
        g.writeNumberField(f.getKey(), f.getValue());
      }
      for (Map.Entry<String, String> f : p.stringFields.entrySet())
        g.writeStringField(f.getKey(), f.getValue());
      g.writeEndObject();
      g.writeStringField("asOf", Rfc3339.format(u.asOf, zone));
      g.writeBooleanField("final", u.isFinal);
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * A bus message read back: the series, its numeric and text fields, the start of its window
   * ({@link vn.ioc.feed.ContractText#ABSENT} when it has none) and the event time it includes; for
   * a writer's mark, only {@code writer} and its watermark as {@code asOf}.
   */
  public record Message(
      String measurement,
      Map<String, String> tags,
      Map<String, Double> fields,
      Map<String, String> texts,
      long windowStart,
      long asOf,
      String writer) {
    /** The series as on the bus: measurement, then its tags in key order; null for a mark. */
    public String series() {
      return writer != null ? null : IndicatorUpdate.seriesKey(measurement, tags);
    }
  }

  /**
   * A writer's mark: the writer (a job's indicator stream and its parallel instance) will write no
   * update with an earlier event time than {@code watermark}, apart from late ones.
   */
  public static byte[] encodeMark(String writer, long watermark, ZoneId zone) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(bytes)) {
      g.writeStartObject();
      g.writeStringField("writer", writer);
      g.writeStringField("watermark", Rfc3339.format(watermark, zone));
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a bus message (the numeric fields are judged; the text ones name owners and titles); a
   * writer's mark reads as a message with its {@code writer} and its watermark as {@code asOf}.
   */
  public static Message decode(byte[] json) throws IOException {
    com.fasterxml.jackson.databind.JsonNode n = MAPPER.readTree(json);
    if (n.has("writer") && !n.has("measurement")) {
      String writer = n.path("writer").asText();
      String at = n.path("watermark").asText();
      long t = vn.ioc.feed.ContractText.parseRfc3339Millis(at.toCharArray(), 0, at.length());
      if (writer.isEmpty() || t == vn.ioc.feed.ContractText.ABSENT)
        throw new IOException("not a writer's mark (writer, watermark): " + writer + ", " + at);
      return new Message(
          null, Map.of(), Map.of(), Map.of(), vn.ioc.feed.ContractText.ABSENT, t, writer);
    }
    Map<String, String> tags = new java.util.TreeMap<>();
    n.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
    Map<String, Double> fields = new java.util.TreeMap<>();
    Map<String, String> texts = new java.util.TreeMap<>();
    n.path("fields")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNumber()) fields.put(e.getKey(), e.getValue().asDouble());
              else if (e.getValue().isTextual()) texts.put(e.getKey(), e.getValue().textValue());
            });
    String asOf = n.path("asOf").asText();
    long t = vn.ioc.feed.ContractText.parseRfc3339Millis(asOf.toCharArray(), 0, asOf.length());
    if (t == vn.ioc.feed.ContractText.ABSENT)
      throw new IOException("not an indicator update (asOf): " + asOf);
    String start = n.path("windowStart").asText();
    long windowStart =
        vn.ioc.feed.ContractText.parseRfc3339Millis(start.toCharArray(), 0, start.length());
    return new Message(n.path("measurement").asText(), tags, fields, texts, windowStart, t, null);
  }
}
