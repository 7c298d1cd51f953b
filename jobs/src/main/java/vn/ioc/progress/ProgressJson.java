package vn.ioc.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import vn.ioc.calendar.Rfc3339;

/**
 * A {@link ProgressReport} as a message of {@code ioc.progress} (the contract's field names): for
 * the dead letter of a report refused after decoding, and for tools that generate reports.
 */
public final class ProgressJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ProgressJson() {}

  public static byte[] encode(ProgressReport r, ZoneId zone) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("reportId", r.reportId);
    n.put("itemId", r.itemId);
    n.put("kind", r.kind);
    n.put("title", r.title);
    if (r.group != null) n.put("group", r.group);
    n.put("ownerUnit", r.ownerUnit);
    n.put("responsible", r.responsible);
    n.put("status", r.status);
    if (!Double.isNaN(r.progressPct)) n.put("progressPct", r.progressPct);
    putDate(n, "plannedStart", r.plannedStart);
    putDate(n, "deadline", r.deadline);
    putDate(n, "completedAt", r.completedAt);
    n.put("reportedAt", Rfc3339.format(r.reportedAt, zone));
    if (r.note != null) n.put("note", r.note);
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void putDate(ObjectNode n, String field, long epochDay) {
    if (epochDay != ProgressReport.NONE) n.put(field, LocalDate.ofEpochDay(epochDay).toString());
  }
}
