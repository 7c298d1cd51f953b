package vn.ioc.influx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.influxdb.InfluxDB;
import org.influxdb.dto.QueryResult;

/**
 * Reads points back as comparable text: {@code measurement,tag=value,... @time field=value,...},
 * sorted.
 */
final class Rows {
  private Rows() {}

  /**
   * Every stored point of the measurement, one string each, with typed values: integers as {@code
   * 12i}, floats as Java prints them, strings quoted; absent fields left out; tags sorted.
   */
  static List<String> of(InfluxDB client, String database, String measurement) {
    List<String> rows = new ArrayList<>();
    String q = "SELECT * FROM " + InfluxQl.identifier(measurement) + " GROUP BY *";
    for (QueryResult.Series s : InfluxServer.series(client, database, q)) {
      Map<String, String> tags = new TreeMap<>(s.getTags() == null ? Map.of() : s.getTags());
      for (List<Object> values : s.getValues()) {
        StringBuilder b = new StringBuilder(s.getName());
        tags.forEach(
            (k, v) -> {
              if (!v.isEmpty()) b.append(',').append(k).append('=').append(v);
            });
        b.append(" @").append(((Number) values.get(0)).longValue());
        Map<String, Object> fields = new TreeMap<>();
        for (int i = 1; i < values.size(); i++) {
          if (values.get(i) != null) fields.put(s.getColumns().get(i), values.get(i));
        }
        String sep = " ";
        for (Map.Entry<String, Object> f : fields.entrySet()) {
          b.append(sep).append(f.getKey()).append('=').append(render(f.getValue()));
          sep = ",";
        }
        rows.add(b.toString());
      }
    }
    rows.sort(null);
    return rows;
  }

  private static String render(Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte)
      return v + "i";
    if (v instanceof String s) return '"' + s + '"';
    return String.valueOf(v);
  }
}
