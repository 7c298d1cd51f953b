package vn.ioc.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.Map;
import vn.ioc.calendar.Rfc3339;
import vn.ioc.feed.ContractText;
import vn.ioc.feed.ContractViolation;
import vn.ioc.feed.Decoder;
import vn.ioc.feed.JsonTree;

/** Decodes {@code ioc.alert-acks} ({@code schemas/alert-ack.schema.json}). */
public final class AckDecoder implements Decoder<Ack> {
  private static final long serialVersionUID = 1L;

  @Override
  public Ack decode(byte[] payload) throws ContractViolation {
    JsonNode root = JsonTree.object(payload);
    Ack a = new Ack();
    a.at = ContractText.ABSENT;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      switch (f.getKey()) {
        case "alertId" -> a.alertId = JsonTree.text(f.getValue(), "alertId", 2048);
        case "unit" -> a.unit = JsonTree.text(f.getValue(), "unit", 256);
        case "by" -> a.by = JsonTree.text(f.getValue(), "by", 256);
        case "at" -> a.at = JsonTree.timestamp(f.getValue(), "at");
        case "comment" -> a.comment = JsonTree.text(f.getValue(), "comment", 2000);
        case "since" -> {
          long since = JsonTree.timestamp(f.getValue(), "since");
          a.since = since == ContractText.ABSENT ? Ack.ANY_EPISODE : since;
        }
        default -> {} // unknown fields are ignored
      }
    }
    JsonTree.required(a.alertId, "alertId");
    JsonTree.required(a.unit, "unit");
    JsonTree.required(a.by, "by");
    if (a.at == ContractText.ABSENT) JsonTree.missing("at");
    return a;
  }

  /** The message for an acknowledgement (the notifier's ack links write it), in {@code zone}. */
  public static String encode(Ack a, ZoneId zone) {
    com.fasterxml.jackson.databind.node.ObjectNode n =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    n.put("alertId", a.alertId);
    n.put("unit", a.unit);
    n.put("by", a.by);
    n.put("at", Rfc3339.format(a.at, zone));
    n.put("comment", a.comment); // null when none was given
    if (a.since != Ack.ANY_EPISODE) n.put("since", Rfc3339.format(a.since, zone));
    return n.toString();
  }
}
