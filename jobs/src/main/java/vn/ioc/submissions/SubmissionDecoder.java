package vn.ioc.submissions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import vn.ioc.feed.ContractText;
import vn.ioc.feed.ContractViolation;
import vn.ioc.feed.Decoder;

/**
 * Decodes one message of {@code ioc.submissions} into a {@link SubmissionReport}, or refuses it
 * with a {@link ContractViolation} whose reason is one of the codes below. The contract is {@code
 * schemas/submission.schema.json}; {@code schemas/README.md} explains the decisions that JSON
 * Schema cannot express, and {@code SubmissionContractTest} runs every example message through both
 * the schema and this decoder so the two cannot drift.
 *
 * <p>On the hot path: one shared {@link JsonFactory}, a streaming parse that allocates only the
 * strings it keeps, a hand-written RFC 3339 parser, no regular expressions, and no exception with a
 * stack trace for a refused message (except malformed JSON, where Jackson throws its own).
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

  /** Longest offending value quoted in a violation's detail. */
  private static final int MAX_QUOTED = 64;

  /** Thread-safe and shared: building one per record would cost more than the parse. */
  private static final JsonFactory JSON =
      JsonFactory.builder()
          // codes of unknown fields from a broken feed must not grow the JVM's string pool
          .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
          .build();

  /** Marks an absent, null or unusable number; no valid count or timestamp has this value. */
  private static final long ABSENT = ContractText.ABSENT;

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  // bits of Draft.seen (top level) and Draft.seenNested (inside received / resolved)
  private static final int REPORT_ID = 1;
  private static final int REVISION = 1 << 1;
  private static final int UNIT_CODE = 1 << 2;
  private static final int UNIT_NAME = 1 << 3;
  private static final int DISTRICT_CODE = 1 << 4;
  private static final int PROVINCE_CODE = 1 << 5;
  private static final int SERVICE_CODE = 1 << 6;
  private static final int PERIOD_START = 1 << 7;
  private static final int PERIOD_END = 1 << 8;
  private static final int RECEIVED = 1 << 9;
  private static final int FULLY_ONLINE = 1 << 10;
  private static final int RESOLVED = 1 << 11;
  private static final int ONLINE = 1;
  private static final int DIRECT = 1 << 1;
  private static final int POSTAL = 1 << 2;
  private static final int ON_TIME = 1 << 3;
  private static final int LATE = 1 << 4;

  @Override
  public SubmissionReport decode(byte[] payload) throws ContractViolation {
    ContractText.checkPayload(payload);
    Draft d = new Draft();
    // The pre-check above guarantees Jackson reads the bytes as UTF-8: with no NUL byte it
    // cannot auto-detect UTF-16/32. A leading UTF-8 byte order mark is skipped by Jackson.
    try (JsonParser p = JSON.createParser(payload)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        throw new ContractViolation(
            BAD_JSON,
            t == null
                ? "no JSON value"
                : "the message is " + describe(p, t) + ", not a JSON object");
      }
      readReport(p, d);
      t = p.nextToken();
      if (t != null) {
        throw new ContractViolation(
            BAD_JSON, "more than one JSON value: " + describe(p, t) + " after the object");
      }
    } catch (JsonProcessingException e) {
      throw new ContractViolation(
          BAD_JSON, ContractText.shorten(e.getOriginalMessage(), 200) + locationOf(e));
    } catch (IOException e) {
      throw new ContractViolation(
          BAD_JSON, ContractText.shorten(String.valueOf(e.getMessage()), 200));
    }
    return d.finish();
  }

  private static void readReport(JsonParser p, Draft d) throws IOException, ContractViolation {
    SubmissionReport r = d.report;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "reportId" -> {
          d.see(REPORT_ID, name);
          r.reportId = text(p, v, d, name, MAX_REPORT_ID_LENGTH);
        }
        case "revision" -> {
          d.see(REVISION, name);
          d.revision = integer(p, v, d, name, Long.MAX_VALUE);
        }
        case "unitCode" -> {
          d.see(UNIT_CODE, name);
          r.unitCode = code(p, v, d, name);
        }
        case "unitName" -> {
          d.see(UNIT_NAME, name);
          r.unitName = text(p, v, d, name, MAX_NAME_LENGTH);
        }
        case "districtCode" -> {
          d.see(DISTRICT_CODE, name);
          r.districtCode = code(p, v, d, name);
        }
        case "provinceCode" -> {
          d.see(PROVINCE_CODE, name);
          r.provinceCode = code(p, v, d, name);
        }
        case "serviceCode" -> {
          d.see(SERVICE_CODE, name);
          r.serviceCode = code(p, v, d, name);
        }
        case "periodStart" -> {
          d.see(PERIOD_START, name);
          d.periodStart = timestamp(p, v, d, name);
        }
        case "periodEnd" -> {
          d.see(PERIOD_END, name);
          d.periodEnd = timestamp(p, v, d, name);
        }
        case "fullyOnline" -> {
          d.see(FULLY_ONLINE, name);
          d.fullyOnline = integer(p, v, d, name, MAX_COUNT);
        }
        case "received" -> {
          d.see(RECEIVED, name);
          d.hasReceived = object(p, v, d, name) && readNested(p, d, true);
        }
        case "resolved" -> {
          d.see(RESOLVED, name);
          d.hasResolved = object(p, v, d, name) && readNested(p, d, false);
        }
        default -> p.skipChildren(); // unknown fields are ignored, whatever their shape
      }
    }
  }

  /** Reads the members of {@code received} or {@code resolved}; always returns true. */
  private static boolean readNested(JsonParser p, Draft d, boolean received)
      throws IOException, ContractViolation {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      int bit =
          received
              ? switch (name) {
                case "online" -> ONLINE;
                case "direct" -> DIRECT;
                case "postal" -> POSTAL;
                default -> 0;
              }
              : switch (name) {
                case "onTime" -> ON_TIME;
                case "late" -> LATE;
                default -> 0;
              };
      if (bit == 0) {
        p.skipChildren();
        continue;
      }
      String field = nestedName(bit);
      d.seeNested(bit, field);
      long n = integer(p, v, d, field, MAX_COUNT);
      switch (bit) {
        case ONLINE -> d.online = n;
        case DIRECT -> d.direct = n;
        case POSTAL -> d.postal = n;
        case ON_TIME -> d.onTime = n;
        default -> d.late = n;
      }
    }
    return true;
  }

  private static String nestedName(int bit) {
    return switch (bit) {
      case ONLINE -> "received.online";
      case DIRECT -> "received.direct";
      case POSTAL -> "received.postal";
      case ON_TIME -> "resolved.onTime";
      default -> "resolved.late";
    };
  }

  /** True when the value is an object (the parser then sits on its START_OBJECT). */
  private static boolean object(JsonParser p, JsonToken v, Draft d, String field)
      throws IOException {
    if (v == JsonToken.START_OBJECT) {
      return true;
    }
    if (v != JsonToken.VALUE_NULL) {
      d.fail(WRONG_TYPE, field + ": expected an object, got " + describe(p, v));
      p.skipChildren();
    }
    return false;
  }

  /**
   * A text field: null when null or blank (empty or only spaces, tabs, CR, LF), so that a blank
   * optional code means "none" and a blank required one is missing.
   */
  private static String text(JsonParser p, JsonToken v, Draft d, String field, int maxLength)
      throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    if (v != JsonToken.VALUE_STRING) {
      d.fail(WRONG_TYPE, field + ": expected a string, got " + describe(p, v));
      p.skipChildren();
      return null;
    }
    String s = p.getText();
    if (s.length() > maxLength && s.codePointCount(0, s.length()) > maxLength) {
      d.fail(OUT_OF_RANGE, field + ": longer than " + maxLength + " characters: " + quote(s));
      return null;
    }
    return ContractText.isBlank(s) ? null : s;
  }

  /**
   * A code ({@link ContractText#isCode}): null when null or blank, like any text; refused ({@code
   * bad-code}) when it is not a code.
   */
  private static String code(JsonParser p, JsonToken v, Draft d, String field) throws IOException {
    String s = text(p, v, d, field, MAX_CODE_LENGTH);
    if (s == null || ContractText.isCode(s)) return s;
    ContractViolation bad = ContractText.notACode(field, s);
    d.fail(bad.reason(), bad.getMessage());
    return null;
  }

  /**
   * A non-negative integer up to {@code max}. Like JSON Schema 2020-12, any number with a zero
   * fractional part is an integer ({@code 3}, {@code 3.0}, {@code 3e0}); a fraction or a value
   * beyond a long is the wrong type, a negative or too large long is out of range.
   */
  private static long integer(JsonParser p, JsonToken v, Draft d, String field, long max)
      throws IOException {
    long n;
    switch (v) {
      case VALUE_NULL:
        return ABSENT;
      case VALUE_NUMBER_INT:
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          d.fail(
              WRONG_TYPE,
              field
                  + ": "
                  + ContractText.shorten(p.getText(), MAX_QUOTED)
                  + " does not fit in a 64-bit integer");
          return ABSENT;
        }
        n = p.getLongValue();
        break;
      case VALUE_NUMBER_FLOAT:
        BigDecimal x = p.getDecimalValue();
        if (x.signum() != 0 && x.scale() > 0 && x.stripTrailingZeros().scale() > 0) {
          d.fail(
              WRONG_TYPE,
              field
                  + ": expected an integer, got "
                  + ContractText.shorten(p.getText(), MAX_QUOTED));
          return ABSENT;
        }
        if (x.compareTo(LONG_MIN) < 0 || x.compareTo(LONG_MAX) > 0) {
          d.fail(
              WRONG_TYPE,
              field
                  + ": "
                  + ContractText.shorten(p.getText(), MAX_QUOTED)
                  + " does not fit in a 64-bit integer");
          return ABSENT;
        }
        n = x.longValue();
        break;
      default:
        d.fail(WRONG_TYPE, field + ": expected an integer, got " + describe(p, v));
        p.skipChildren();
        return ABSENT;
    }
    if (n < 0) {
      d.fail(OUT_OF_RANGE, field + ": negative: " + n);
      return ABSENT;
    }
    if (n > max) {
      d.fail(OUT_OF_RANGE, field + ": " + n + " is over the limit of " + max);
      return ABSENT;
    }
    return n;
  }

  private static long timestamp(JsonParser p, JsonToken v, Draft d, String field)
      throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return ABSENT;
    }
    if (v != JsonToken.VALUE_STRING) {
      d.fail(WRONG_TYPE, field + ": expected an RFC 3339 date-time string, got " + describe(p, v));
      p.skipChildren();
      return ABSENT;
    }
    long millis =
        ContractText.parseRfc3339Millis(
            p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    if (millis == ABSENT) {
      d.fail(
          BAD_TIMESTAMP, field + ": not an RFC 3339 date-time with offset: " + quote(p.getText()));
    }
    return millis;
  }

  /** The decoding state of one message. */
  private static final class Draft {
    final SubmissionReport report = new SubmissionReport();
    int seen;
    int seenNested;
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

    /** The first violation found; reported only once the whole message parsed as JSON. */
    String reason;

    String detail;

    void fail(String reason, String detail) {
      if (this.reason == null) {
        this.reason = reason;
        this.detail = detail;
      }
    }

    /**
     * Parsers disagree on duplicate names (first wins, last wins, error): a contract field given
     * twice is ambiguous, so the message is not acceptable JSON. Unknown fields are not checked.
     */
    void see(int bit, String field) throws ContractViolation {
      if ((seen & bit) != 0) {
        throw new ContractViolation(BAD_JSON, "duplicate field " + field);
      }
      seen |= bit;
    }

    void seeNested(int bit, String field) throws ContractViolation {
      if ((seenNested & bit) != 0) {
        throw new ContractViolation(BAD_JSON, "duplicate field " + field);
      }
      seenNested |= bit;
    }

    SubmissionReport finish() throws ContractViolation {
      SubmissionReport r = report;
      requireText(r.reportId, REPORT_ID, "reportId");
      requireText(r.unitCode, UNIT_CODE, "unitCode");
      requireText(r.serviceCode, SERVICE_CODE, "serviceCode");
      requireValue(periodStart, (seen & PERIOD_START) != 0, "periodStart");
      if (!hasReceived) {
        fail(MISSING_FIELD, (seen & RECEIVED) != 0 ? "received is null" : "received is absent");
      } else {
        requireValue(online, (seenNested & ONLINE) != 0, nestedName(ONLINE));
        requireValue(direct, (seenNested & DIRECT) != 0, nestedName(DIRECT));
        requireValue(postal, (seenNested & POSTAL) != 0, nestedName(POSTAL));
      }
      if (hasResolved) {
        requireValue(onTime, (seenNested & ON_TIME) != 0, nestedName(ON_TIME));
        requireValue(late, (seenNested & LATE) != 0, nestedName(LATE));
      }
      if (reason == null && periodEnd != ABSENT && periodEnd <= periodStart) {
        fail(
            BAD_PERIOD,
            "periodEnd is not after periodStart ("
                + (periodEnd - periodStart)
                + " ms, compared in milliseconds)");
      }
      if (reason == null && fullyOnline != ABSENT && fullyOnline > online) {
        fail(
            INCONSISTENT_COUNTS,
            "fullyOnline " + fullyOnline + " is more than received.online " + online);
      }
      if (reason != null) {
        throw new ContractViolation(reason, detail);
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

    private void requireText(String value, int bit, String field) {
      if (value == null) {
        fail(MISSING_FIELD, field + ((seen & bit) != 0 ? " is null or blank" : " is absent"));
      }
    }

    private void requireValue(long value, boolean seen, String field) {
      if (value == ABSENT) {
        fail(MISSING_FIELD, field + (seen ? " is null" : " is absent"));
      }
    }
  }

  // ---- details -----------------------------------------------------------------------------

  /** A short description of the value at the current token, for a violation's detail. */
  private static String describe(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "the string " + quote(p.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
          "the number " + ContractText.shorten(p.getText(), MAX_QUOTED);
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case VALUE_NULL -> "null";
      default -> t.name();
    };
  }

  private static String quote(String s) {
    return '"' + ContractText.shorten(s, MAX_QUOTED) + '"';
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }
}
