package vn.ioc.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import vn.ioc.calendar.Rfc3339;

/**
 * The JSON form of a {@link DeadLetter} on {@code ioc.deadletter} ({@code
 * schemas/deadletter.schema.json}).
 */
public final class DeadLetterJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DeadLetterJson() {}

  public static byte[] encode(DeadLetter d) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("reason", d.reason);
    n.put("detail", d.detail);
    n.put("job", d.job);
    n.put("sourceTopic", d.sourceTopic);
    n.put("sourcePartition", d.sourcePartition);
    n.put("sourceOffset", d.sourceOffset);
    n.put("sourceKey", d.sourceKey);
    if (d.sourceTimestamp >= 0)
      n.put("sourceTimestamp", Rfc3339.format(d.sourceTimestamp, ZoneOffset.UTC));
    n.put("refusedAt", Rfc3339.format(d.refusedAt, ZoneOffset.UTC));
    n.put("payload", d.payload);
    n.put("payloadBase64", d.payloadBase64);
    n.put("payloadTruncated", d.payloadTruncated);
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static DeadLetter decode(byte[] json) throws IOException {
    JsonNode n = MAPPER.readTree(json);
    DeadLetter d = new DeadLetter(text(n, "reason"), text(n, "detail"));
    d.job = text(n, "job");
    d.sourceTopic = text(n, "sourceTopic");
    d.sourcePartition = n.path("sourcePartition").asInt(-1);
    d.sourceOffset = n.path("sourceOffset").asLong(-1);
    d.sourceKey = text(n, "sourceKey");
    String arrived = text(n, "sourceTimestamp");
    d.sourceTimestamp = arrived == null ? -1 : Instant.parse(arrived).toEpochMilli();
    String at = text(n, "refusedAt");
    d.refusedAt = at == null ? 0 : Instant.parse(at).toEpochMilli();
    d.payload = text(n, "payload");
    d.payloadBase64 = text(n, "payloadBase64");
    d.payloadTruncated = n.path("payloadTruncated").asBoolean(false);
    return d;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
