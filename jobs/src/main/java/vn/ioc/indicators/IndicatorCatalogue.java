package vn.ioc.indicators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The indicators alert rules can watch: each measurement the jobs publish on {@code
 * ioc.indicators}, its tags (with their fixed values, where a tag has them) and its fields. Read
 * from {@code schemas/indicator-catalogue.json}, which the jar carries: the same file the jobs'
 * point builders are tested against and the contract publishes.
 */
public final class IndicatorCatalogue {
  /** Where the jar carries the catalogue. */
  static final String RESOURCE = "/schemas/indicator-catalogue.json";

  private final Map<String, Measurement> measurements;

  /**
   * One measurement: its tags (a tag's fixed values; an empty set: any value) and fields (a name
   * ending in {@code *} stands for every name with that start).
   */
  public record Measurement(Map<String, Set<String>> tags, List<String> fields) {
    /** Whether the measurement has field {@code name}. */
    public boolean hasField(String name) {
      for (String f : fields)
        if (f.endsWith("*") ? name.startsWith(f.substring(0, f.length() - 1)) : f.equals(name))
          return true;
      return false;
    }
  }

  private IndicatorCatalogue(Map<String, Measurement> measurements) {
    this.measurements = measurements;
  }

  /** The catalogue the jar carries. */
  public static IndicatorCatalogue load() {
    try (InputStream in = IndicatorCatalogue.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("the jar carries no " + RESOURCE);
      return parse(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  static IndicatorCatalogue parse(JsonNode root) {
    Map<String, Measurement> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("measurements").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> m = it.next();
      Map<String, Set<String>> tags = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> t = m.getValue().path("tags").fields();
          t.hasNext(); ) {
        Map.Entry<String, JsonNode> tag = t.next();
        Set<String> values = new LinkedHashSet<>();
        tag.getValue().forEach(v -> values.add(v.asText()));
        tags.put(tag.getKey(), values);
      }
      List<String> fields = new ArrayList<>();
      m.getValue().path("fields").forEach(f -> fields.add(f.asText()));
      out.put(m.getKey(), new Measurement(Map.copyOf(tags), List.copyOf(fields)));
    }
    return new IndicatorCatalogue(out);
  }

  /** The measurement, or null when the catalogue has none of that name. */
  public Measurement measurement(String name) {
    return measurements.get(name);
  }

  /** Every measurement's name, in the catalogue's order. */
  public Set<String> names() {
    return measurements.keySet();
  }
}
