package vn.ioc.submissions;

import vn.ioc.feed.ContractText;
import vn.ioc.feed.ContractViolation;
import vn.ioc.feed.Decoder;
import vn.ioc.feed.JsonStream;
import vn.ioc.feed.JsonTree;

/**
 * Decodes one message of {@code ioc.submissions} into a {@link SubmissionReport}, or refuses it
 * with a {@link ContractViolation} whose reason is one of the codes below. The contract is {@code
 * schemas/submission.schema.json}; {@code schemas/README.md} explains the decisions that JSON
 * Schema cannot express, and {@code SubmissionContractTest} runs every example message through both
 * the schema and this decoder so the two cannot drift.
 *
 * <p>It reads with {@link JsonStream}, the contract reader every feed shares: a streaming parse
 * that allocates only the strings it keeps, a hand-written RFC 3339 parser, no regular expressions,
 * and no exception with a stack trace for a refused message.
 *
 * <p>When a message breaks the contract in several ways, the reason reported is the first of:
 * too-large, bad-encoding, bad-json, the first field-level error in document order (wrong-type,
 * out-of-range, bad-code, bad-timestamp), missing-field, bad-period, inconsistent-counts.
 */
public final class SubmissionDecoder implements Decoder<SubmissionReport> {
  private static final long serialVersionUID = 1L;

  public static final String TOO_LARGE = ContractText.TOO_LARGE;
  public static final String BAD_ENCODING = ContractText.BAD_ENCODING;
  public static final String BAD_JSON = ContractText.BAD_JSON;
  public static final String MISSING_FIELD = ContractText.MISSING_FIELD;
  public static final String WRONG_TYPE = ContractText.WRONG_TYPE;
  public static final String OUT_OF_RANGE = ContractText.OUT_OF_RANGE;
  public static final String BAD_TIMESTAMP = ContractText.BAD_TIMESTAMP;
  public static final String BAD_PERIOD = ContractText.BAD_PERIOD;
  public static final String INCONSISTENT_COUNTS = "inconsistent-counts";

  /** Larger payloads are refused before any parsing. */
  public static final int MAX_PAYLOAD_BYTES = ContractText.MAX_PAYLOAD_BYTES;

  /**
   * The largest count a report may carry. A busy one-stop receives a few thousand applications a
   * day and the whole country a few hundred million a year, so a million per report is generous; it
   * keeps every window sum far from overflowing a long (9.2 million million reports would be
   * needed) and exact in a double (JSON readers of {@code ioc.indicators}, rates).
   */
  public static final long MAX_COUNT = 1_000_000;

  /** Length limits, in Unicode code points (as JSON Schema's maxLength counts). */
  public static final int MAX_REPORT_ID_LENGTH = 256;

  public static final int MAX_CODE_LENGTH = ContractText.MAX_CODE_LENGTH;
  public static final int MAX_NAME_LENGTH = 512;

  /** Marks an absent, null or unusable number; no valid count or timestamp has this value. */
  private static final long ABSENT = ContractText.ABSENT;

  @Override
  public SubmissionReport decode(byte[] payload) throws ContractViolation {
    JsonStream in = JsonStream.object(payload);
    Draft d = new Draft();
    SubmissionReport r = d.report;
    for (String f = in.nextField(); f != null; f = in.nextField()) {
      switch (f) {
        case "reportId" -> r.reportId = in.text(f, MAX_REPORT_ID_LENGTH);
        case "revision" -> d.revision = in.count(f, Long.MAX_VALUE);
        case "unitCode" -> r.unitCode = in.code(f);
        case "unitName" -> r.unitName = in.text(f, MAX_NAME_LENGTH);
        case "districtCode" -> r.districtCode = in.code(f);
        case "communeCode" -> r.communeCode = in.code(f);
        case "provinceCode" -> r.provinceCode = in.code(f);
        case "serviceCode" -> r.serviceCode = in.code(f);
        case "periodStart" -> d.periodStart = in.timestamp(f);
        case "periodEnd" -> d.periodEnd = in.timestamp(f);
        case "fullyOnline" -> d.fullyOnline = in.count(f, MAX_COUNT);
        case "received" -> d.hasReceived = in.object(f) && readReceived(in, d);
        case "resolved" -> d.hasResolved = in.object(f) && readResolved(in, d);
        default -> in.skip(); // unknown fields are ignored, whatever their shape
      }
    }
    in.finish();
    return d.finish();
  }

  /** The members of {@code received}; always true. */
  private static boolean readReceived(JsonStream in, Draft d) throws ContractViolation {
    for (String f = in.nextField(); f != null; f = in.nextField()) {
      switch (f) {
        case "online" -> d.online = in.count("received.online", MAX_COUNT);
        case "direct" -> d.direct = in.count("received.direct", MAX_COUNT);
        case "postal" -> d.postal = in.count("received.postal", MAX_COUNT);
        default -> in.skip();
      }
    }
    return true;
  }

  /** The members of {@code resolved}; always true. */
  private static boolean readResolved(JsonStream in, Draft d) throws ContractViolation {
    for (String f = in.nextField(); f != null; f = in.nextField()) {
      switch (f) {
        case "onTime" -> d.onTime = in.count("resolved.onTime", MAX_COUNT);
        case "late" -> d.late = in.count("resolved.late", MAX_COUNT);
        default -> in.skip();
      }
    }
    return true;
  }

  /** The values of one message read so far. */
  private static final class Draft {
    final SubmissionReport report = new SubmissionReport();
    long revision = ABSENT;
    long periodStart = ABSENT;
    long periodEnd = ABSENT;
    long fullyOnline = ABSENT;
    boolean hasReceived;
    boolean hasResolved;
    long online = ABSENT;
    long direct = ABSENT;
    long postal = ABSENT;
    long onTime = ABSENT;
    long late = ABSENT;

    /** After every field-level check passed: the required fields, then the cross-field rules. */
    SubmissionReport finish() throws ContractViolation {
      SubmissionReport r = report;
      JsonTree.required(r.reportId, "reportId");
      JsonTree.required(r.unitCode, "unitCode");
      JsonTree.required(r.serviceCode, "serviceCode");
      require(periodStart, "periodStart");
      if (!hasReceived) JsonTree.missing("received");
      require(online, "received.online");
      require(direct, "received.direct");
      require(postal, "received.postal");
      if (hasResolved) {
        require(onTime, "resolved.onTime");
        require(late, "resolved.late");
      }
      if (periodEnd != ABSENT && periodEnd <= periodStart) {
        throw new ContractViolation(
            BAD_PERIOD,
            "periodEnd is not after periodStart ("
                + (periodEnd - periodStart)
                + " ms, compared in milliseconds)");
      }
      if (fullyOnline != ABSENT && fullyOnline > online) {
        throw new ContractViolation(
            INCONSISTENT_COUNTS,
            "fullyOnline " + fullyOnline + " is more than received.online " + online);
      }
      r.revision = revision == ABSENT ? 0 : revision;
      r.periodStart = periodStart;
      r.hasPeriodEnd = periodEnd != ABSENT;
      r.periodEnd = r.hasPeriodEnd ? periodEnd : periodStart;
      Counts c = r.counts;
      c.online = online;
      c.direct = direct;
      c.postal = postal;
      c.fullyOnline = fullyOnline == ABSENT ? 0 : fullyOnline;
      c.resolvedOnTime = hasResolved ? onTime : 0;
      c.resolvedLate = hasResolved ? late : 0;
      return r;
    }

    private static void require(long value, String field) throws ContractViolation {
      if (value == ABSENT) JsonTree.missing(field);
    }
  }
}
