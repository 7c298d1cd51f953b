package vn.ioc.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import vn.ioc.feed.ContractText;
import vn.ioc.feed.ContractViolation;
import vn.ioc.feed.Decoder;
import vn.ioc.feed.JsonTree;

/**
 * Decodes one message of {@code ioc.progress} into a {@link ProgressReport}, or refuses it with a
 * {@link ContractViolation}. The contract is {@code schemas/progress.schema.json}, with the same
 * conventions as the submission contract (absent = null, blank required text = missing, UTF-8 of at
 * most 256 KiB, no field twice); {@code ProgressContractTest} runs every example through both the
 * schema and this decoder.
 *
 * <p>Reports are few (a programme has tens to thousands of items, each reported weekly), so this
 * decoder reads a JSON tree rather than streaming. When a message breaks the contract in several
 * ways, the reason reported is the first of: too-large, bad-encoding, bad-json, the first
 * field-level error in document order (wrong-type, out-of-range, bad-date, bad-timestamp),
 * missing-field, bad-period, inconsistent-status.
 */
public final class ProgressDecoder implements Decoder<ProgressReport> {
  private static final long serialVersionUID = 1L;

  public static final String BAD_DATE = "bad-date";
  public static final String INCONSISTENT_STATUS = "inconsistent-status";

  public static final Set<String> KINDS = Set.of("MODEL", "TASK");
  public static final Set<String> STATUSES = Set.of("NOT_STARTED", "IN_PROGRESS", "COMPLETED");

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  @Override
  public ProgressReport decode(byte[] payload) throws ContractViolation {
    JsonNode root = JsonTree.object(payload);
    ProgressReport r = new ProgressReport();
    long reportedAt = ContractText.ABSENT;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode v = f.getValue();
      switch (f.getKey()) {
        case "reportId" -> r.reportId = JsonTree.text(v, "reportId", 256);
        case "itemId" -> r.itemId = JsonTree.text(v, "itemId", 128);
        case "kind" -> r.kind = JsonTree.oneOf(v, "kind", KINDS);
        case "title" -> r.title = JsonTree.text(v, "title", 1024);
        case "group" -> r.group = JsonTree.text(v, "group", 256);
        case "ownerUnit" -> r.ownerUnit = JsonTree.text(v, "ownerUnit", 64);
        case "responsible" -> r.responsible = JsonTree.text(v, "responsible", 256);
        case "status" -> r.status = JsonTree.oneOf(v, "status", STATUSES);
        case "progressPct" -> r.progressPct = percent(v);
        case "plannedStart" -> r.plannedStart = date(v, "plannedStart");
        case "deadline" -> r.deadline = date(v, "deadline");
        case "completedAt" -> r.completedAt = date(v, "completedAt");
        case "reportedAt" -> reportedAt = JsonTree.timestamp(v, "reportedAt");
        case "note" -> r.note = JsonTree.text(v, "note", 4096);
        default -> {} // unknown fields are ignored
      }
    }
    JsonTree.required(r.reportId, "reportId");
    JsonTree.required(r.itemId, "itemId");
    JsonTree.required(r.kind, "kind");
    JsonTree.required(r.title, "title");
    if ("TASK".equals(r.kind)) JsonTree.required(r.group, "group");
    JsonTree.required(r.ownerUnit, "ownerUnit");
    JsonTree.required(r.responsible, "responsible");
    JsonTree.required(r.status, "status");
    if (r.deadline == ProgressReport.NONE) JsonTree.missing("deadline");
    if (reportedAt == ContractText.ABSENT) JsonTree.missing("reportedAt");
    r.reportedAt = reportedAt;
    if (r.plannedStart != ProgressReport.NONE && r.plannedStart > r.deadline)
      throw new ContractViolation(ContractText.BAD_PERIOD, "plannedStart is after deadline");
    boolean hasPct = !Double.isNaN(r.progressPct);
    if ("COMPLETED".equals(r.status) && hasPct && r.progressPct != 100)
      throw new ContractViolation(
          INCONSISTENT_STATUS, "COMPLETED with progressPct " + r.progressPct + " (not 100)");
    if ("NOT_STARTED".equals(r.status) && hasPct && r.progressPct != 0)
      throw new ContractViolation(
          INCONSISTENT_STATUS, "NOT_STARTED with progressPct " + r.progressPct + " (not 0)");
    if (r.completedAt != ProgressReport.NONE && !"COMPLETED".equals(r.status))
      throw new ContractViolation(
          INCONSISTENT_STATUS, "completedAt on a report with status " + r.status);
    return r;
  }

  private static double percent(JsonNode v) throws ContractViolation {
    if (v.isNull()) return Double.NaN;
    if (!v.isNumber())
      throw new ContractViolation(
          ContractText.WRONG_TYPE, "progressPct: expected a number, got " + v.getNodeType());
    BigDecimal d = v.decimalValue();
    if (d.signum() < 0 || d.compareTo(HUNDRED) > 0)
      throw new ContractViolation(
          ContractText.OUT_OF_RANGE, "progressPct: " + d.toPlainString() + " is not in 0..100");
    return d.doubleValue();
  }

  private static long date(JsonNode v, String field) throws ContractViolation {
    if (v.isNull()) return ProgressReport.NONE;
    if (!v.isTextual())
      throw new ContractViolation(
          ContractText.WRONG_TYPE, field + ": expected a date string, got " + v.getNodeType());
    long day = ContractText.parseDate(v.textValue());
    if (day == ContractText.ABSENT)
      throw new ContractViolation(
          BAD_DATE, field + ": not a date YYYY-MM-DD: " + ContractText.shorten(v.textValue(), 64));
    return day;
  }
}
