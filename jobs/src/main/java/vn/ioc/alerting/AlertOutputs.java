package vn.ioc.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import vn.ioc.calendar.Rfc3339;
import vn.ioc.influx.InfluxPoint;
import vn.ioc.kafka.KafkaTopics;

/**
 * What an alert event becomes: a message of {@code ioc.alerts} (key = rule and series, so one
 * alert's changes stay in order) and a point of the InfluxDB measurement {@code alerts} (tags
 * {@code rule}, {@code state}, {@code level}: bounded; the series is a field).
 */
public final class AlertOutputs {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AlertOutputs() {}

  public static byte[] json(AlertEvent e, ZoneId zone) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("alertId", e.ruleId + " " + e.series);
    n.put("rule", e.ruleId);
    n.put("series", e.series);
    n.put("state", e.state);
    n.put("level", e.level);
    if (!Double.isNaN(e.value)) n.put("value", e.value);
    if (!Double.isNaN(e.threshold)) n.put("threshold", e.threshold);
    n.put("at", Rfc3339.format(e.at, zone));
    n.put("since", Rfc3339.format(e.since, zone));
    n.put("flapping", e.flapping);
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  public static InfluxPoint point(AlertEvent e) {
    InfluxPoint p =
        InfluxPoint.of("alerts", e.at)
            .tag("rule", e.ruleId)
            .tag("state", e.state)
            .tag("level", e.level)
            .field("series", e.series)
            .field("since_ms", e.since)
            .field("flapping", e.flapping ? 1L : 0L);
    if (!Double.isNaN(e.value)) p.field("value", e.value);
    if (!Double.isNaN(e.threshold)) p.field("threshold", e.threshold);
    return p;
  }

  /** Key: the alert (rule and series); value: {@link #json}. */
  public static final class Records implements KafkaTopics.RecordWriter<AlertEvent> {
    private static final long serialVersionUID = 1L;
    private final ZoneId zone;

    public Records(ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public byte[] key(AlertEvent e) {
      return (e.ruleId + " " + e.series).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] value(AlertEvent e) {
      return json(e, zone);
    }
  }
}
