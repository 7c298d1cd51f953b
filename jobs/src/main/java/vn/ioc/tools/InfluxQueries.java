package vn.ioc.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import vn.ioc.config.IocConfig;

/** The tools' reads of InfluxDB: a client for the configured server, and a query's rows. */
public final class InfluxQueries {
  private InfluxQueries() {}

  /** A client of the configured server, with its user when one is set. */
  public static InfluxDB connect(IocConfig config) {
    String user = config.get(IocConfig.INFLUX_USER);
    return user == null || user.isEmpty()
        ? InfluxDBFactory.connect(config.get(IocConfig.INFLUX_URL))
        : InfluxDBFactory.connect(
            config.get(IocConfig.INFLUX_URL), user, config.get(IocConfig.INFLUX_PASSWORD));
  }

  /** One row of a query's answer: the series' tags (with {@code GROUP BY}) and its columns. */
  public record Row(Map<String, String> tags, Map<String, Object> values) {}

  /**
   * The rows of {@code influxQl} on {@code database}, times as epoch milliseconds; an {@link
   * IllegalStateException} with the server's words when it refuses the query.
   */
  public static List<Row> rows(InfluxDB influx, String database, String influxQl) {
    QueryResult r = influx.query(new Query(influxQl, database), TimeUnit.MILLISECONDS);
    List<Row> out = new ArrayList<>();
    if (r.hasError()) throw new IllegalStateException("InfluxDB: " + r.getError());
    if (r.getResults() == null) return out;
    for (QueryResult.Result result : r.getResults()) {
      if (result.hasError()) throw new IllegalStateException("InfluxDB: " + result.getError());
      if (result.getSeries() == null) continue;
      for (QueryResult.Series s : result.getSeries()) {
        Map<String, String> tags = s.getTags() == null ? Map.of() : s.getTags();
        for (List<Object> values : s.getValues()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 0; i < s.getColumns().size(); i++)
            row.put(s.getColumns().get(i), values.get(i));
          out.add(new Row(tags, row));
        }
      }
    }
    return out;
  }
}
