package vn.ioc.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import vn.ioc.calendar.Rfc3339;
import vn.ioc.influx.InfluxPoint;
import vn.ioc.influx.SameTimePoints;
import vn.ioc.kafka.KafkaTopics;

/**
 * What an alert event becomes: a message of {@code ioc.alerts} ({@code schemas/alert.schema.json};
 * key = the alert id, rule and series, so one alert's changes stay in order) and a point of the
 * InfluxDB measurement {@code alerts}.
 */
public final class AlertOutputs {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AlertOutputs() {}

  public static byte[] json(AlertEvent e, ZoneId zone) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("alertId", e.alertId());
    n.put("rule", e.ruleId);
    n.put("series", e.series);
    ObjectNode tags = n.putObject("tags");
    new java.util.TreeMap<>(e.tags).forEach(tags::put);
    if (!e.labels.isEmpty()) {
      ObjectNode labels = n.putObject("labels");
      new java.util.TreeMap<>(e.labels).forEach(labels::put);
    }
    n.put("unit", e.unit);
    if (e.unitName != null) n.put("unitName", e.unitName);
    n.put("state", e.state.name());
    n.put("level", e.level.code());
    if (!Double.isNaN(e.value)) n.put("value", e.value);
    if (!Double.isNaN(e.threshold)) n.put("threshold", e.threshold);
    n.put("at", Rfc3339.format(e.at, zone));
    n.put("startsAt", Rfc3339.format(e.since, zone));
    if (e.state == AlertChange.RESOLVED) n.put("endsAt", Rfc3339.format(e.at, zone));
    var recipients = n.putArray("recipients");
    e.recipients.forEach(recipients::add);
    n.put("escalationStep", e.escalationStep);
    if (e.acknowledgedBy != null) n.put("acknowledgedBy", e.acknowledgedBy);
    if (e.message != null) n.put("message", e.message);
    if (e.description != null) n.put("description", e.description);
    n.put("flapping", e.flapping);
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /**
   * The point of {@code e} in {@code alerts}: tags {@code rule}, {@code state}, {@code level},
   * {@code unit} (all bounded) and {@link SameTimePoints#TAG}; the series, people and message are
   * fields.
   */
  public static InfluxPoint point(AlertEvent e) {
    InfluxPoint p =
        InfluxPoint.of("alerts", e.at)
            .tag("rule", e.ruleId)
            .tag("state", e.state.name())
            .tag("level", e.level.code())
            .tag("unit", e.unit)
            .field("alert_id", e.alertId())
            .field("series", e.series)
            .field("since_ms", e.since)
            .field("step", (long) e.escalationStep)
            .field("recipients", String.join(",", e.recipients))
            .field("flapping", e.flapping ? 1L : 0L);
    if (!Double.isNaN(e.value)) p.field("value", e.value);
    if (!Double.isNaN(e.threshold)) p.field("threshold", e.threshold);
    if (e.acknowledgedBy != null) p.field("acknowledged_by", e.acknowledgedBy);
    if (e.message != null) p.field("message", e.message);
    return p;
  }

  /** {@link #point}, numbered among the points of its series at its time. */
  public static final class Points extends RichMapFunction<AlertEvent, InfluxPoint> {
    private static final long serialVersionUID = 1L;
    private transient SameTimePoints sameTime;

    @Override
    public void open(OpenContext ctx) {
      sameTime = new SameTimePoints();
    }

    @Override
    public InfluxPoint map(AlertEvent e) {
      return sameTime.number(point(e));
    }
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
      return e.alertId().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] value(AlertEvent e) {
      return json(e, zone);
    }
  }
}
