package vn.ioc.indicators;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.ZoneId;
import java.util.Map;
import vn.ioc.calendar.Rfc3339;
import vn.ioc.influx.InfluxPoint;

/**
 * The indicator bus message ({@code ioc.indicators}, {@code schemas/indicator.schema.json}): one
 * per indicator write, with the same measurement, tags and fields as the InfluxDB point, the
 * window, {@code asOf} and {@code final}. Timestamps in the configured local zone.
 */
public final class IndicatorJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private IndicatorJson() {}

  public static byte[] encode(IndicatorUpdate u, ZoneId zone) {
    InfluxPoint p = u.point;
    ObjectNode n = MAPPER.createObjectNode();
    n.put("measurement", p.measurement);
    ObjectNode tags = n.putObject("tags");
    p.tags.forEach(tags::put);
    n.put("windowStart", Rfc3339.format(p.timeMillis, zone));
    n.put("windowEnd", Rfc3339.format(u.windowEnd, zone));
    ObjectNode fields = n.putObject("fields");
    for (Map.Entry<String, Long> f : p.longFields.entrySet()) fields.put(f.getKey(), f.getValue());
    for (Map.Entry<String, Double> f : p.doubleFields.entrySet())
      fields.put(f.getKey(), f.getValue());
    for (Map.Entry<String, String> f : p.stringFields.entrySet())
      fields.put(f.getKey(), f.getValue());
    n.put("asOf", Rfc3339.format(u.asOf, zone));
    n.put("final", u.isFinal);
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A bus message read back: the series, its numeric and text fields and the event time it
   * includes.
   */
  public record Message(
      String measurement,
      Map<String, String> tags,
      Map<String, Double> fields,
      Map<String, String> texts,
      long asOf) {
    /** The series as on the bus: measurement, then its tags in key order. */
    public String series() {
      return IndicatorUpdate.seriesKey(measurement, tags);
    }
  }

  /** Reads a bus message (the numeric fields are judged; the text ones name owners and titles). */
  public static Message decode(byte[] json) throws IOException {
    com.fasterxml.jackson.databind.JsonNode n = MAPPER.readTree(json);
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
    return new Message(n.path("measurement").asText(), tags, fields, texts, t);
  }
}
