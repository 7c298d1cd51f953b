package vn.ioc.submissions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneOffset;
import vn.ioc.calendar.Rfc3339;

/**
 * Writes a {@link SubmissionReport} back in the {@code ioc.submissions} contract (canonical form:
 * UTC timestamps). Used for dead letters refused after decoding, whose original bytes are no longer
 * at hand: the canonical form replays to the same counts.
 */
public final class SubmissionJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SubmissionJson() {}

  public static byte[] encode(SubmissionReport r) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("reportId", r.reportId);
    n.put("revision", r.revision);
    n.put("unitCode", r.unitCode);
    if (r.unitName != null) n.put("unitName", r.unitName);
    if (r.districtCode != null) n.put("districtCode", r.districtCode);
    if (r.communeCode != null) n.put("communeCode", r.communeCode);
    if (r.provinceCode != null) n.put("provinceCode", r.provinceCode);
    n.put("serviceCode", r.serviceCode);
    n.put("periodStart", timestamp(r.periodStart));
    if (r.hasPeriodEnd) n.put("periodEnd", timestamp(r.periodEnd));
    ObjectNode received = n.putObject("received");
    received.put("online", r.counts.online);
    received.put("direct", r.counts.direct);
    received.put("postal", r.counts.postal);
    n.put("fullyOnline", r.counts.fullyOnline);
    ObjectNode resolved = n.putObject("resolved");
    resolved.put("onTime", r.counts.resolvedOnTime);
    resolved.put("late", r.counts.resolvedLate);
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String timestamp(long epochMillis) {
    return Rfc3339.format(epochMillis, ZoneOffset.UTC);
  }
}
