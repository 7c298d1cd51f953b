package vn.ioc.notifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.ZoneId;
import vn.ioc.calendar.Rfc3339;

/**
 * An acknowledgement for {@code ioc.alert-acks} ({@code schemas/alert-ack.schema.json}): {@code by}
 * is the person id the link was made for, {@code at} the click (epoch ms, wall clock: a human's
 * act, not engine time), {@code comment} null when none was given.
 */
public record AlertAck(String alertId, String unit, String by, long at, String comment) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The message; Kafka key: {@link #alertId}. */
  public byte[] json(ZoneId zone) {
    ObjectNode o = JSON.createObjectNode();
    o.put("alertId", alertId);
    o.put("unit", unit);
    o.put("by", by);
    o.put("at", Rfc3339.format(at, zone));
    o.put("comment", comment);
    try {
      return JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
