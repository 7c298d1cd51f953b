package vn.ioc.clock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import vn.ioc.feed.ContractText;
import vn.ioc.feed.ContractViolation;
import vn.ioc.feed.Decoder;
import vn.ioc.feed.JsonTree;

/**
 * Decodes one message of {@code ioc.clock} ({@code schemas/clock.schema.json}): {@code at}
 * (required, RFC 3339 with offset) and {@code source} (optional text).
 */
public final class ClockDecoder implements Decoder<ClockTick> {
  private static final long serialVersionUID = 1L;

  @Override
  public ClockTick decode(byte[] payload) throws ContractViolation {
    JsonNode root = JsonTree.object(payload);
    ClockTick t = new ClockTick();
    long at = ContractText.ABSENT;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      switch (f.getKey()) {
        case "at" -> at = JsonTree.timestamp(f.getValue(), "at");
        case "source" -> t.source = JsonTree.text(f.getValue(), "source", 128);
        default -> {} // unknown fields are ignored
      }
    }
    if (at == ContractText.ABSENT) JsonTree.missing("at");
    t.at = at;
    return t;
  }

  /** The message for a tick at {@code at}, written in {@code zone}. */
  public static String encode(long at, String source, java.time.ZoneId zone) {
    return "{\"at\":\""
        + vn.ioc.calendar.Rfc3339.format(at, zone)
        + "\",\"source\":\""
        + source.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\"}";
  }
}
