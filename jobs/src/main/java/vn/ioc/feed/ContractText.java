package vn.ioc.feed;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * What every input contract of the engine shares (schemas/README.md): the refusal reasons, the
 * payload checks made before any parsing (size, UTF-8), RFC 3339 date-times and dates, and what
 * counts as blank text.
 */
public final class ContractText {
  private ContractText() {}

  public static final String TOO_LARGE = "too-large";
  public static final String BAD_ENCODING = "bad-encoding";
  public static final String BAD_JSON = "bad-json";
  public static final String MISSING_FIELD = "missing-field";
  public static final String WRONG_TYPE = "wrong-type";
  public static final String OUT_OF_RANGE = "out-of-range";
  public static final String BAD_TIMESTAMP = "bad-timestamp";
  public static final String BAD_PERIOD = "bad-period";

  /**
   * A code (of a unit, service, area, item) that is not {@link #isCode a code}, or a task group
   * with a character a tag cannot carry ({@link #isTagText}).
   */
  public static final String BAD_CODE = "bad-code";

  /** An event time later than the record's arrival plus the tolerance ({@link TimeBounds}). */
  public static final String FUTURE_PERIOD = "future-period";

  /** An event time before the earliest date the engine accepts ({@link TimeBounds}). */
  public static final String TOO_OLD = "too-old";

  /** The longest code. */
  public static final int MAX_CODE_LENGTH = 64;

  /** Larger payloads are refused before any parsing. */
  public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

  /** Marks an absent or unusable timestamp or date; no valid one has this value. */
  public static final long ABSENT = Long.MIN_VALUE;

  /** Refuses a payload that is too large, empty, or not well-formed UTF-8. */
  public static void checkPayload(byte[] payload) throws ContractViolation {
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
  }

  /**
   * Parses an RFC 3339 full-date {@code yyyy-MM-dd} into an epoch day; {@link #ABSENT} when the
   * text is not exactly such a date (impossible dates such as February 30 included).
   */
  public static long parseDate(String s) {
    if (s.length() != 10) return ABSENT;
    char[] c = s.toCharArray();
    int year = digits4(c, 0);
    int month = digits2(c, 5);
    int day = digits2(c, 8);
    if (year < 0 || month < 1 || month > 12 || day < 1 || c[4] != '-' || c[7] != '-') return ABSENT;
    if (day > daysInMonth(year, month)) return ABSENT;
    return epochDay(year, month, day);
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
  public static long parseRfc3339Millis(char[] c, int off, int len) {
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
  public static int firstNonUtf8Byte(byte[] b) {
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

  // ---- text ------------------------------------------------------------------------------

  /**
   * A code: an ASCII letter or digit, then up to 63 ASCII letters, digits, {@code .}, {@code _} or
   * {@code -} ({@code ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$}). Codes become InfluxDB tags and state
   * keys: with nothing that line protocol escapes or rewrites, the tag is exactly the code, so two
   * different codes never share a series.
   */
  public static boolean isCode(String s) {
    int n = s.length();
    if (n == 0 || n > MAX_CODE_LENGTH) return false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean alphanumeric =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alphanumeric && (i == 0 || (c != '.' && c != '_' && c != '-'))) return false;
    }
    return true;
  }

  /** The refusal of a value that is not a code, quoting it with its control characters visible. */
  public static ContractViolation notACode(String field, String value) {
    return new ContractViolation(
        BAD_CODE,
        field
            + ": not a code (ASCII letters and digits, then also '.', '_', '-'; at most "
            + MAX_CODE_LENGTH
            + "): \""
            + visible(shorten(value, 64))
            + "\"");
  }

  /** {@code s} with control characters written as {@code \\n}, {@code \\t} or {@code \\}uXXXX. */
  public static String visible(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (Character.isISOControl(c)) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.toString();
  }

  /** The refusal of a text that is a tag but holds what a tag cannot carry ({@link #isTagText}). */
  public static ContractViolation notTagText(String field, String value) {
    return new ContractViolation(
        BAD_CODE,
        field
            + ": a control character or backslash cannot be part of it (it is a tag): \""
            + visible(shorten(value, 64))
            + "\"");
  }

  /**
   * Text that may become a tag as it is (a task group's name): no control character and no
   * backslash, the characters a tag cannot carry unchanged ({@code influx.TagValues}), so two
   * different texts never share a series.
   */
  public static boolean isTagText(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || Character.isISOControl(c)) return false;
    }
    return true;
  }

  /** Empty, or only spaces, tabs, CR and LF: what the contracts treat as no value. */
  public static boolean isBlank(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char ch = s.charAt(i);
      if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') {
        return false;
      }
    }
    return true;
  }

  /** At most {@code max} characters of a value quoted in a violation's detail. */
  public static String shorten(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int cut = Character.isHighSurrogate(s.charAt(max - 2)) ? max - 2 : max - 1;
    return s.substring(0, cut) + "… (" + s.length() + " chars)";
  }
}
