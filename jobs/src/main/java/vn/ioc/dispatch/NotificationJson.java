package vn.ioc.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.ZoneId;
import vn.ioc.calendar.Rfc3339;
import vn.ioc.feed.ContractText;
import vn.ioc.feed.ContractViolation;
import vn.ioc.feed.JsonTree;

/** The outbox message ({@code schemas/notification.schema.json}), written and read back. */
public final class NotificationJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private NotificationJson() {}

  public static byte[] encode(Notification n, ZoneId zone) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("notificationId", n.notificationId);
    o.put("recipient", n.recipient);
    if (n.recipientName != null) o.put("recipientName", n.recipientName);
    o.put("at", Rfc3339.format(n.at, zone));
    o.put("subject", n.subject);
    if (n.heldBack > 0) o.put("heldBack", n.heldBack);
    ArrayNode alerts = o.putArray("alerts");
    for (Notification.Notice a : n.alerts) {
      ObjectNode j = alerts.addObject();
      j.put("alertId", a.alertId);
      j.put("rule", a.rule);
      j.put("unit", a.unit);
      if (a.unitName != null) j.put("unitName", a.unitName);
      j.put("state", a.state);
      j.put("reason", a.reason.code());
      j.put("level", a.level);
      if (!Double.isNaN(a.value)) j.put("value", a.value);
      if (!Double.isNaN(a.threshold)) j.put("threshold", a.threshold);
      j.put("since", Rfc3339.format(a.since, zone));
      j.put("escalationStep", a.escalationStep);
      j.put("ackable", a.ackable);
      j.put("message", a.message);
      if (a.sms != null) j.put("sms", a.sms);
      if (a.onBehalfOf != null) j.put("onBehalfOf", a.onBehalfOf);
      if (a.acknowledgedBy != null) j.put("acknowledgedBy", a.acknowledgedBy);
      if (a.change != null) j.put("change", a.change);
    }
    try {
      return MAPPER.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads an outbox message; a refusal names the first problem. */
  public static Notification decode(byte[] payload) throws ContractViolation {
    JsonNode root = JsonTree.object(payload);
    Notification n = new Notification();
    n.notificationId = required(root, "notificationId", 256);
    n.recipient = required(root, "recipient", 256);
    n.recipientName = JsonTree.text(field(root, "recipientName"), "recipientName", 512);
    n.at = JsonTree.timestamp(field(root, "at"), "at");
    if (n.at == ContractText.ABSENT) JsonTree.missing("at");
    n.subject = required(root, "subject", 1000);
    n.heldBack = Math.max(0, root.path("heldBack").asInt(0));
    JsonNode alerts = root.path("alerts");
    if (!alerts.isArray() || alerts.isEmpty())
      throw new ContractViolation(ContractText.MISSING_FIELD, "alerts: at least one alert");
    for (JsonNode j : alerts) {
      if (!j.isObject())
        throw new ContractViolation(ContractText.WRONG_TYPE, "alerts: expected objects");
      Notification.Notice a = new Notification.Notice();
      a.alertId = required(j, "alertId", 2048);
      a.rule = required(j, "rule", 256);
      a.unit = required(j, "unit", 256);
      a.unitName = JsonTree.text(field(j, "unitName"), "unitName", 512);
      a.state = required(j, "state", 16);
      String reason = required(j, "reason", 16);
      a.reason = NoticeReason.ofCode(reason);
      if (a.reason == null) JsonTree.oneOf(field(j, "reason"), "reason", NoticeReason.codes());
      a.level = required(j, "level", 16);
      if (j.path("value").isNumber()) a.value = j.path("value").asDouble();
      if (j.path("threshold").isNumber()) a.threshold = j.path("threshold").asDouble();
      a.since = JsonTree.timestamp(field(j, "since"), "since");
      if (a.since == ContractText.ABSENT) JsonTree.missing("since");
      a.escalationStep = j.path("escalationStep").asInt(0);
      a.ackable = j.path("ackable").asBoolean(false);
      a.message = required(j, "message", 4000);
      a.sms = JsonTree.text(field(j, "sms"), "sms", 256);
      a.onBehalfOf = JsonTree.text(field(j, "onBehalfOf"), "onBehalfOf", 512);
      a.acknowledgedBy = JsonTree.text(field(j, "acknowledgedBy"), "acknowledgedBy", 512);
      a.change = JsonTree.text(field(j, "change"), "change", 256);
      a.recipient = n.recipient;
      a.recipientName = n.recipientName;
      a.at = n.at;
      n.alerts.add(a);
    }
    return n;
  }

  /** A field's value; null when absent. */
  private static JsonNode field(JsonNode o, String name) {
    JsonNode v = o.get(name);
    return v == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : v;
  }

  private static String required(JsonNode o, String field, int max) throws ContractViolation {
    String s = JsonTree.text(field(o, field), field, max);
    JsonTree.required(s, field);
    return s;
  }
}
