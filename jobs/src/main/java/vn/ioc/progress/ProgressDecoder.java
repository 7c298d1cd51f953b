package vn.ioc.progress;

import java.math.BigDecimal;
import java.util.Set;
import vn.ioc.feed.ContractText;
import vn.ioc.feed.ContractViolation;
import vn.ioc.feed.Decoder;
import vn.ioc.feed.JsonStream;
import vn.ioc.feed.JsonTree;

/**
 * Decodes one message of {@code ioc.progress} into a {@link ProgressReport}, or refuses it with a
 * {@link ContractViolation}. The contract is {@code schemas/progress.schema.json}, with the same
 * conventions as the submission contract (absent = null, blank required text = missing, UTF-8 of at
 * most 256 KiB, no field twice); {@code ProgressContractTest} runs every example through both the
 * schema and this decoder.
 *
 * <p>Reads the message as a stream of fields ({@link JsonStream}), without building a tree: a
 * recompute or a large programme sends many reports. When a message breaks the contract in several
 * ways, the reason reported is the first of: too-large, bad-encoding, bad-json, the first
 * field-level error in document order (wrong-type, out-of-range, bad-code, bad-date,
 * bad-timestamp), missing-field, bad-period, inconsistent-status.
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
    JsonStream in = JsonStream.object(payload);
    ProgressReport r = new ProgressReport();
    long reportedAt = ContractText.ABSENT;
    for (String f = in.nextField(); f != null; f = in.nextField()) {
      switch (f) {
        case "reportId" -> r.reportId = in.text(f, 256);
        case "itemId" -> r.itemId = in.code(f);
        case "kind" -> r.kind = in.oneOf(f, KINDS);
        case "title" -> r.title = in.text(f, 1024);
        case "group" -> r.group = in.tagText(f, 256);
        case "ownerUnit" -> r.ownerUnit = in.code(f);
        case "responsible" -> r.responsible = in.text(f, 256);
        case "status" -> r.status = in.oneOf(f, STATUSES);
        case "progressPct" -> r.progressPct = percent(in, in.number(f));
        case "plannedStart" -> r.plannedStart = date(in.date(f, BAD_DATE));
        case "deadline" -> r.deadline = date(in.date(f, BAD_DATE));
        case "completedAt" -> r.completedAt = date(in.date(f, BAD_DATE));
        case "reportedAt" -> reportedAt = in.timestamp(f);
        case "note" -> r.note = in.text(f, 4096);
        default -> in.skip(); // unknown fields are ignored
      }
    }
    in.finish();
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

  private static double percent(JsonStream in, BigDecimal d) {
    if (d == null) return Double.NaN;
    if (d.signum() < 0 || d.compareTo(HUNDRED) > 0) {
      in.refuse(
          ContractText.OUT_OF_RANGE, "progressPct: " + d.toPlainString() + " is not in 0..100");
      return Double.NaN;
    }
    return d.doubleValue();
  }

  private static long date(long epochDay) {
    return epochDay == ContractText.ABSENT ? ProgressReport.NONE : epochDay;
  }
}
