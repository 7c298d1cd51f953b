package vn.ioc.submissions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
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
 * out-of-range, bad-timestamp), missing-field, bad-period, inconsistent-counts.
 */
public final class SubmissionDecoder implements Decoder<SubmissionReport> {
  private static final long serialVersionUID = 1L;

  public static final String TOO_LARGE = "too-large";
  public static final String BAD_ENCODING = "bad-encoding";
  public static final String BAD_JSON = "bad-json";
  public static final String MISSING_FIELD = "missing-field";
  public static final String WRONG_TYPE = "wrong-type";
  public static final String OUT_OF_RANGE = "out-of-range";
  public static final String BAD_TIMESTAMP = "bad-timestamp";
  public static final String BAD_PERIOD = "bad-period";
  public static final String INCONSISTENT_COUNTS = "inconsistent-counts";

  /** Larger payloads are refused before any parsing. */
  public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

  /**
   * The largest count a report may carry: 2^53 - 1, so that every count and every sum of up to 1024
   * of them stays exact in a double (JSON consumers of {@code ioc.indicators}, rates) and far from
   * overflowing a long in the window sums.
   */
  public static final long MAX_COUNT = (1L << 53) - 1;

  /** Length limits, in Unicode code points (as JSON Schema's maxLength counts). */
  public static final int MAX_REPORT_ID_LENGTH = 256;

  public static final int MAX_CODE_LENGTH = 64;
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
  private static final long ABSENT = Long.MIN_VALUE;

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
    if (payload != null && payload.length > MAX_PAYLOAD_BYTES) {
      throw new ContractViolation(
          TOO_LARGE, payload.length + " bytes, over the limit of " + MAX_PAYLOAD_BYTES);
    }
    if (payload == null || payload.length == 0) {
      throw new ContractViolation(BAD_JSON, "empty payload");
    }
    int bad = firstNonUtf8Byte(payload);
    if (bad >= 0) {
      throw new ContractViolation(
          BAD_ENCODING,
          String.format("not UTF-8: byte 0x%02x at offset %d", payload[bad] & 0xff, bad)
              + (payload[bad] == 0 ? " (NUL: UTF-16 or UTF-32?)" : ""));
    }
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
      throw new ContractViolation(BAD_JSON, shorten(e.getOriginalMessage(), 200) + locationOf(e));
    } catch (IOException e) {
      throw new ContractViolation(BAD_JSON, shorten(String.valueOf(e.getMessage()), 200));
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
          r.unitCode = text(p, v, d, name, MAX_CODE_LENGTH);
        }
        case "unitName" -> {
          d.see(UNIT_NAME, name);
          r.unitName = text(p, v, d, name, MAX_NAME_LENGTH);
        }
        case "districtCode" -> {
          d.see(DISTRICT_CODE, name);
          r.districtCode = text(p, v, d, name, MAX_CODE_LENGTH);
        }
        case "provinceCode" -> {
          d.see(PROVINCE_CODE, name);
          r.provinceCode = text(p, v, d, name, MAX_CODE_LENGTH);
        }
        case "serviceCode" -> {
          d.see(SERVICE_CODE, name);
          r.serviceCode = text(p, v, d, name, MAX_CODE_LENGTH);
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
    return isBlank(s) ? null : s;
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
                  + shorten(p.getText(), MAX_QUOTED)
                  + " does not fit in a 64-bit integer");
          return ABSENT;
        }
        n = p.getLongValue();
        break;
      case VALUE_NUMBER_FLOAT:
        BigDecimal x = p.getDecimalValue();
        if (x.signum() != 0 && x.scale() > 0 && x.stripTrailingZeros().scale() > 0) {
          d.fail(
              WRONG_TYPE, field + ": expected an integer, got " + shorten(p.getText(), MAX_QUOTED));
          return ABSENT;
        }
        if (x.compareTo(LONG_MIN) < 0 || x.compareTo(LONG_MAX) > 0) {
          d.fail(
              WRONG_TYPE,
              field
                  + ": "
                  + shorten(p.getText(), MAX_QUOTED)
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
    long millis = parseRfc3339Millis(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
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

  // ---- RFC 3339 ---------------------------------------------------------------------------

  /**
   * Parses an RFC 3339 date-time with offset, {@code yyyy-MM-ddThh:mm:ss[.f]±hh:mm} or {@code
   * ...Z}, into epoch milliseconds, truncating sub-millisecond digits (towards the past). Accepts a
   * lowercase {@code t} and {@code z} (RFC 3339 section 5.6 allows them) and 1 to 9 fractional
   * digits; refuses a missing offset, {@code -00:00} ("local offset unknown", which common
   * validators refuse), a space instead of {@code T}, leap seconds ({@code :60}), offsets beyond
   * ±18:00 and impossible dates such as February 30.
   *
   * @return epoch milliseconds, or {@link Long#MIN_VALUE} when the text is not such a date-time
   */
  static long parseRfc3339Millis(char[] c, int off, int len) {
    // shortest: 2024-03-01T10:00:00Z (20); longest: 2024-03-01T10:00:00.123456789+07:00 (35)
    if (len < 20 || len > 35) {
      return ABSENT;
    }
    int year = digits4(c, off);
    int month = digits2(c, off + 5);
    int day = digits2(c, off + 8);
    int hour = digits2(c, off + 11);
    int minute = digits2(c, off + 14);
    int second = digits2(c, off + 17);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || c[off + 4] != '-'
        || c[off + 7] != '-'
        || (c[off + 10] | 0x20) != 't'
        || c[off + 13] != ':'
        || c[off + 16] != ':'
        || day > daysInMonth(year, month)) {
      return ABSENT;
    }
    int i = off + 19;
    int end = off + len;
    int millis = 0;
    if (c[i] == '.') {
      int start = ++i;
      while (i < end && c[i] >= '0' && c[i] <= '9') {
        if (i - start < 3) {
          millis = millis * 10 + (c[i] - '0');
        }
        i++;
      }
      int n = i - start;
      if (n == 0 || n > 9) {
        return ABSENT;
      }
      for (int k = n; k < 3; k++) {
        millis *= 10;
      }
    }
    int offsetSeconds;
    if (end - i == 1 && (c[i] | 0x20) == 'z') {
      offsetSeconds = 0;
    } else if (end - i == 6 && (c[i] == '+' || c[i] == '-') && c[i + 3] == ':') {
      int oh = digits2(c, i + 1);
      int om = digits2(c, i + 4);
      boolean unknownLocalOffset = c[i] == '-' && oh == 0 && om == 0; // RFC 3339 section 4.3
      if (oh < 0 || om < 0 || om > 59 || oh > 18 || (oh == 18 && om != 0) || unknownLocalOffset) {
        return ABSENT;
      }
      offsetSeconds = (c[i] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
      return ABSENT;
    }
    long epochSecond =
        epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return epochSecond * 1000L + millis;
  }

  private static int digits2(char[] c, int i) {
    int a = c[i] - '0';
    int b = c[i + 1] - '0';
    return (a | b) >= 0 && a <= 9 && b <= 9 ? a * 10 + b : -1;
  }

  private static int digits4(char[] c, int i) {
    int hi = digits2(c, i);
    int lo = digits2(c, i + 2);
    return (hi | lo) >= 0 ? hi * 100 + lo : -1;
  }

  private static int daysInMonth(int year, int month) {
    if (month == 2) {
      boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
      return leap ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  private static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yoe = y - era * 400;
    int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097L + doe - 719_468L;
  }

  // ---- UTF-8 -------------------------------------------------------------------------------

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH = 0x8080808080808080L;
  private static final long LOW7 = 0x7f7f7f7f7f7f7f7fL;

  /**
   * The offset of the first byte that makes the payload not well-formed UTF-8 (RFC 3629: no
   * overlong forms, no surrogates, nothing above U+10FFFF), or of its first NUL byte; -1 when there
   * is none. NUL is refused because it can never appear in UTF-8 JSON text and because Jackson
   * would otherwise take such a payload for UTF-16 or UTF-32 and decode it.
   */
  static int firstNonUtf8Byte(byte[] b) {
    int i = 0;
    int n = b.length;
    while (i < n) {
      // most payloads are mostly ASCII: skip 8 bytes at a time while none is NUL or non-ASCII
      while (i + 8 <= n) {
        long w = (long) LONGS.get(b, i);
        // per byte x: (x + 0x7f) has its high bit set for x in 1..0x80, ~x for x below 0x80, so
        // both only for ASCII other than NUL. A carry out of a failing byte only reaches bytes
        // above it, and the word fails anyway.
        if (((w + LOW7) & ~w & HIGH) != HIGH) {
          break;
        }
        i += 8;
      }
      if (i >= n) {
        break;
      }
      int x = b[i];
      if (x > 0) {
        i++;
        continue;
      }
      if (x == 0) {
        return i;
      }
      x &= 0xff;
      int need;
      int lo = 0x80;
      int hi = 0xbf;
      if (x >= 0xc2 && x <= 0xdf) {
        need = 1;
      } else if (x >= 0xe0 && x <= 0xef) {
        need = 2;
        if (x == 0xe0) {
          lo = 0xa0; // overlong
        } else if (x == 0xed) {
          hi = 0x9f; // UTF-16 surrogates
        }
      } else if (x >= 0xf0 && x <= 0xf4) {
        need = 3;
        if (x == 0xf0) {
          lo = 0x90; // overlong
        } else if (x == 0xf4) {
          hi = 0x8f; // above U+10FFFF
        }
      } else {
        return i;
      }
      if (i + need >= n) {
        return i; // truncated sequence
      }
      int second = b[i + 1] & 0xff;
      if (second < lo || second > hi) {
        return i;
      }
      for (int k = 2; k <= need; k++) {
        if ((b[i + k] & 0xc0) != 0x80) {
          return i;
        }
      }
      i += need + 1;
    }
    return -1;
  }

  // ---- details -----------------------------------------------------------------------------

  private static boolean isBlank(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char ch = s.charAt(i);
      if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') {
        return false;
      }
    }
    return true;
  }

  /** A short description of the value at the current token, for a violation's detail. */
  private static String describe(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "the string " + quote(p.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + shorten(p.getText(), MAX_QUOTED);
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case VALUE_NULL -> "null";
      default -> t.name();
    };
  }

  private static String quote(String s) {
    return '"' + shorten(s, MAX_QUOTED) + '"';
  }

  private static String shorten(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int cut = Character.isHighSurrogate(s.charAt(max - 2)) ? max - 2 : max - 1;
    return s.substring(0, cut) + "… (" + s.length() + " chars)";
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
