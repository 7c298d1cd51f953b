package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import vn.ioc.calendar.Rfc3339;

/**
 * What the alerting job wrote, in the lines {@code deploy/ioc rules test} prints: the alert events
 * of {@code ioc.alerts} and the notices recorded in InfluxDB ({@code alert_notifications}), so a
 * run and a backtest compare line by line.
 */
final class AlertLines {
  private AlertLines() {}

  static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  static final Set<String> NOTICE_REASONS = Set.of("firing", "reminder", "escalation", "resolved");

  static final Set<String> ACK_REASONS = Set.of("acknowledged", "late-ack");

  /** Every alert event of a topic, sorted; each record's key is its alert id. */
  static List<String> alerts(String topic) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> alerts = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : RealServices.readAll(topic)) {
      JsonNode a = json.readTree(r.value());
      assertEquals(
          a.get("rule").asText() + " " + a.get("series").asText(),
          new String(r.key(), StandardCharsets.UTF_8));
      assertEquals(a.get("alertId").asText(), new String(r.key(), StandardCharsets.UTF_8));
      List<String> to = new ArrayList<>();
      a.get("recipients").forEach(p -> to.add(p.asText()));
      alerts.add(
          a.get("at").asText()
              + " "
              + a.get("state").asText()
              + " "
              + a.get("level").asText()
              + " "
              + a.get("rule").asText()
              + " "
              + a.get("series").asText()
              + (a.has("value") ? " value " + a.get("value").asDouble() : "")
              + (a.has("threshold") ? " threshold " + a.get("threshold").asDouble() : "")
              + " since "
              + a.get("startsAt").asText()
              + (a.get("flapping").asBoolean() ? " flapping" : "")
              + (a.get("escalationStep").asInt() > 0 ? " step " + a.get("escalationStep") : "")
              + (a.has("acknowledgedBy") ? " by " + a.get("acknowledgedBy").asText() : "")
              + (to.isEmpty() ? "" : " to " + to));
    }
    alerts.sort(null);
    return alerts;
  }

  /** Every notice recorded in InfluxDB ({@code TIME NOTICE reason recipient alert}), sorted. */
  static List<String> notices(String database) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> row : rows(database))
      if (NOTICE_REASONS.contains(row.get("reason")))
        out.add(
            Rfc3339.format(((Number) row.get("time")).longValue(), ZONE)
                + " NOTICE "
                + row.get("reason")
                + " "
                + row.get("recipient")
                + " "
                + row.get("alert_id"));
    out.sort(null);
    return out;
  }

  /** The acknowledgements recorded ({@code TIME reason recipient}), sorted. */
  static List<String> acks(String database) {
    return records(database, ACK_REASONS);
  }

  /**
   * The notices a live run did not send because they came more than the catch-up lag behind the
   * engine's "now" (reason {@code suppressed-catch-up}): a delivery decision, left out of every
   * comparison with a replay.
   */
  static List<String> suppressed(String database) {
    return records(database, Set.of("suppressed-catch-up"));
  }

  private static List<String> records(String database, Set<String> reasons) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> row : rows(database))
      if (reasons.contains(row.get("reason")))
        out.add(
            Rfc3339.format(((Number) row.get("time")).longValue(), ZONE).substring(0, 16)
                + " "
                + row.get("reason")
                + " "
                + row.get("recipient"));
    out.sort(null);
    return out;
  }

  private static List<Map<String, Object>> rows(String database) {
    return RealServices.rows(database, "SELECT * FROM alert_notifications GROUP BY *");
  }

  /** The lines of a {@code rules test} output that are alert events, sorted. */
  static List<String> events(List<String> printed) {
    return printed.stream().filter(l -> !l.contains(" NOTICE ")).sorted().toList();
  }

  /** The lines of a {@code rules test} output that are notices, sorted. */
  static List<String> noticesOf(List<String> printed) {
    return printed.stream().filter(l -> l.contains(" NOTICE ")).sorted().toList();
  }
}
