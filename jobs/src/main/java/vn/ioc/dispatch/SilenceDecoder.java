package vn.ioc.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import vn.ioc.feed.ContractText;
import vn.ioc.feed.ContractViolation;
import vn.ioc.feed.Decoder;
import vn.ioc.feed.JsonTree;

/**
 * Decodes {@code ioc.alert-silences} ({@code schemas/alert-silence.schema.json}): id, at least one
 * matcher, a time range that is not empty, who and why.
 */
public final class SilenceDecoder implements Decoder<Silence> {
  private static final long serialVersionUID = 1L;

  @Override
  public Silence decode(byte[] payload) throws ContractViolation {
    JsonNode root = JsonTree.object(payload);
    Silence s = new Silence();
    s.startsAt = ContractText.ABSENT;
    s.endsAt = ContractText.ABSENT;
    boolean matchers = false;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      switch (f.getKey()) {
        case "id" -> s.id = JsonTree.text(f.getValue(), "id", 256);
        case "startsAt" -> s.startsAt = JsonTree.timestamp(f.getValue(), "startsAt");
        case "endsAt" -> s.endsAt = JsonTree.timestamp(f.getValue(), "endsAt");
        case "createdBy" -> s.createdBy = JsonTree.text(f.getValue(), "createdBy", 256);
        case "comment" -> s.comment = JsonTree.text(f.getValue(), "comment", 2000);
        case "createdAt" -> s.createdAt = JsonTree.timestamp(f.getValue(), "createdAt");
        case "matchers" -> {
          JsonNode m = f.getValue();
          if (m.isNull()) break;
          if (!m.isObject())
            throw new ContractViolation(
                ContractText.WRONG_TYPE, "matchers: expected an object, got " + m.getNodeType());
          for (Iterator<Map.Entry<String, JsonNode>> mi = m.fields(); mi.hasNext(); ) {
            Map.Entry<String, JsonNode> e = mi.next();
            String v = JsonTree.text(e.getValue(), "matchers." + e.getKey(), 256);
            JsonTree.required(v, "matchers." + e.getKey());
            s.matchers.put(e.getKey(), v);
          }
          matchers = !s.matchers.isEmpty();
        }
        default -> {} // unknown fields are ignored
      }
    }
    JsonTree.required(s.id, "id");
    if (!matchers) JsonTree.missing("matchers");
    if (s.startsAt == ContractText.ABSENT) JsonTree.missing("startsAt");
    if (s.endsAt == ContractText.ABSENT) JsonTree.missing("endsAt");
    JsonTree.required(s.createdBy, "createdBy");
    JsonTree.required(s.comment, "comment");
    if (s.endsAt <= s.startsAt)
      throw new ContractViolation(ContractText.BAD_PERIOD, "endsAt must be after startsAt");
    return s;
  }
}
