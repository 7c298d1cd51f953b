package vn.ioc.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Set;

/**
 * Reading one flat message field by field, without a tree, under the same contract conventions as
 * {@link JsonTree} (schemas/README.md) and with the same verdicts: the payload checks first, no
 * field twice, nothing after the object; absent and null are the same; blank required text is
 * missing. For feeds with many messages (programme reports).
 *
 * <p>The reason reported is the first of: too-large, bad-encoding, bad-json (anywhere in the
 * message), the first field-level error in document order. So a field-level error is kept while the
 * rest of the message is read, and thrown by {@link #finish}; the value read then is null or {@link
 * ContractText#ABSENT}.
 *
 * <pre>
 * JsonStream in = JsonStream.object(payload);
 * for (String f = in.nextField(); f != null; f = in.nextField()) {
 *   switch (f) { case "title" -> title = in.text(f, 1024); default -> in.skip(); }
 * }
 * in.finish();
 * </pre>
 */
public final class JsonStream {
  /** Thread-safe and shared: building one per message would cost more than the parse. */
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          // names of unknown fields from a broken feed must not grow the JVM's string pool
          .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
          .build();

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private final JsonParser p;
  private JsonToken value;
  private ContractViolation first;

  private JsonStream(JsonParser p) {
    this.p = p;
  }

  /** The message as a JSON object, or a refusal (too-large, bad-encoding, bad-json). */
  public static JsonStream object(byte[] payload) throws ContractViolation {
    ContractText.checkPayload(payload);
    try {
      // the payload check guarantees UTF-8: with no NUL byte Jackson cannot take it for UTF-16/32
      JsonParser p = JSON.createParser(payload);
      JsonToken t = p.nextToken();
      if (t == null) throw new ContractViolation(ContractText.BAD_JSON, "no JSON value");
      if (t != JsonToken.START_OBJECT)
        throw new ContractViolation(
            ContractText.BAD_JSON, "the message is " + typeOf(t) + ", not a JSON object");
      return new JsonStream(p);
    } catch (IOException e) {
      throw JsonTree.badJson(e);
    }
  }

  /** The next field's name (its value is next to read), or null at the end of the object. */
  public String nextField() throws ContractViolation {
    try {
      JsonToken t = p.nextToken();
      if (t != JsonToken.FIELD_NAME) return null;
      String name = p.currentName();
      value = p.nextToken();
      return name;
    } catch (IOException e) {
      throw JsonTree.badJson(e);
    }
  }

  /** Skips the current value (an unknown field's). */
  public void skip() throws ContractViolation {
    try {
      p.skipChildren();
    } catch (IOException e) {
      throw JsonTree.badJson(e);
    }
  }

  /** A text value: null when null, empty or blank (missing if required); else as sent. */
  public String text(String field, int maxLength) throws ContractViolation {
    if (!expect(JsonToken.VALUE_STRING, field, "a string")) return null;
    try {
      return JsonTree.text(string(), field, maxLength);
    } catch (ContractViolation v) {
      return keep(v);
    }
  }

  /** A code ({@link ContractText#isCode}): null when null or blank; refused when not a code. */
  public String code(String field) throws ContractViolation {
    String s = text(field, ContractText.MAX_CODE_LENGTH);
    return s == null || ContractText.isCode(s) ? s : keep(ContractText.notACode(field, s));
  }

  /**
   * A text that becomes a tag ({@link ContractText#isTagText}): null when null or blank; refused
   * ({@code bad-code}) with a control character or a backslash.
   */
  public String tagText(String field, int maxLength) throws ContractViolation {
    String s = text(field, maxLength);
    return s == null || ContractText.isTagText(s) ? s : keep(ContractText.notTagText(field, s));
  }

  /** A text value that must be one of {@code allowed}; null when null. */
  public String oneOf(String field, Set<String> allowed) throws ContractViolation {
    if (!expect(JsonToken.VALUE_STRING, field, "a string")) return null;
    try {
      return JsonTree.oneOf(string(), field, allowed);
    } catch (ContractViolation v) {
      return keep(v);
    }
  }

  /** An RFC 3339 date-time with offset, in epoch ms; {@link ContractText#ABSENT} when null. */
  public long timestamp(String field) throws ContractViolation {
    if (!expect(JsonToken.VALUE_STRING, field, JsonTree.TIMESTAMP)) return ContractText.ABSENT;
    try {
      return JsonTree.timestamp(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), field);
    } catch (ContractViolation v) {
      keep(v);
      return ContractText.ABSENT;
    } catch (IOException e) {
      throw JsonTree.badJson(e);
    }
  }

  /** A date {@code YYYY-MM-DD} as an epoch day; {@link ContractText#ABSENT} when null. */
  public long date(String field, String badDateReason) throws ContractViolation {
    if (!expect(JsonToken.VALUE_STRING, field, "a date string")) return ContractText.ABSENT;
    String s = string();
    long day = ContractText.parseDate(s);
    if (day == ContractText.ABSENT)
      refuse(badDateReason, field + ": not a date YYYY-MM-DD: " + ContractText.shorten(s, 64));
    return day;
  }

  /** A number, exactly; null when null. */
  public BigDecimal number(String field) throws ContractViolation {
    if (value == JsonToken.VALUE_NULL) return null;
    if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
      String got = described();
      skip();
      return keep(JsonTree.wrongType(field, "a number", got));
    }
    try {
      return p.getDecimalValue();
    } catch (IOException e) {
      throw JsonTree.badJson(e);
    }
  }

  /**
   * A value that must be an object: true when it is one, and {@link #nextField} then reads its
   * fields up to its end; false when null (a value of another type is refused, wrong-type).
   */
  public boolean object(String field) throws ContractViolation {
    if (value == JsonToken.START_OBJECT) return true;
    expect(JsonToken.START_OBJECT, field, "an object");
    return false;
  }

  /**
   * A count: a non-negative integer up to {@code max}; {@link ContractText#ABSENT} when null. As in
   * JSON Schema 2020-12, a number with a zero fractional part is an integer ({@code 3}, {@code
   * 3.0}, {@code 3e0}); a fraction or a value beyond 64 bits is the wrong type, a negative or too
   * large one is out of range.
   */
  public long count(String field, long max) throws ContractViolation {
    if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
      expect(JsonToken.VALUE_NUMBER_INT, field, "an integer");
      return ContractText.ABSENT;
    }
    try {
      long n;
      if (value == JsonToken.VALUE_NUMBER_INT
          && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
        n = p.getLongValue();
      } else {
        BigDecimal x = p.getDecimalValue();
        String sent = ContractText.shorten(p.getText(), 64);
        if (x.signum() != 0 && x.scale() > 0 && x.stripTrailingZeros().scale() > 0) {
          keep(JsonTree.wrongType(field, "an integer", sent));
          return ContractText.ABSENT;
        }
        if (x.compareTo(LONG_MIN) < 0 || x.compareTo(LONG_MAX) > 0) {
          keep(
              new ContractViolation(
                  ContractText.WRONG_TYPE, field + ": " + sent + " does not fit in 64 bits"));
          return ContractText.ABSENT;
        }
        n = x.longValue();
      }
      if (n < 0) {
        keep(new ContractViolation(ContractText.OUT_OF_RANGE, field + ": negative: " + n));
        return ContractText.ABSENT;
      }
      if (n > max) {
        keep(
            new ContractViolation(
                ContractText.OUT_OF_RANGE, field + ": " + n + " is over the limit of " + max));
        return ContractText.ABSENT;
      }
      return n;
    } catch (IOException e) {
      throw JsonTree.badJson(e);
    }
  }

  /**
   * Keeps a field-level refusal found by the caller (the first one counts); returns null, so a
   * reader can {@code return in.refuse(...)}.
   */
  @SuppressWarnings("TypeParameterUnusedInFormals") // always null: fits any reader's return type
  public <T> T refuse(String reason, String detail) {
    return keep(new ContractViolation(reason, detail));
  }

  @SuppressWarnings("TypeParameterUnusedInFormals") // always null: fits any reader's return type
  private <T> T keep(ContractViolation v) {
    if (first == null) first = v;
    return null;
  }

  /** Reads to the end: bad-json if anything follows the object, else the first refusal kept. */
  public void finish() throws ContractViolation {
    try {
      JsonToken t = p.nextToken();
      if (t != null)
        throw new ContractViolation(
            ContractText.BAD_JSON, "more than one JSON value: " + typeOf(t) + " after the object");
      p.close();
    } catch (IOException e) {
      throw JsonTree.badJson(e);
    }
    if (first != null) throw first;
  }

  private boolean expect(JsonToken wanted, String field, String what) throws ContractViolation {
    if (value == JsonToken.VALUE_NULL) return false;
    if (value == wanted) return true;
    String got = described();
    skip();
    keep(JsonTree.wrongType(field, what, got));
    return false;
  }

  private String string() throws ContractViolation {
    try {
      return p.getText();
    } catch (IOException e) {
      throw JsonTree.badJson(e);
    }
  }

  /** The current value as a refusal names it ({@link JsonTree#describe}). */
  private String described() throws ContractViolation {
    return switch (value) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> JsonTree.quoted(string());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
          "the number " + ContractText.shorten(string(), 64);
      default -> string(); // true, false, null
    };
  }

  /** The JSON type of a value, named as Jackson's trees name it. */
  private static String typeOf(JsonToken t) {
    return switch (t) {
      case START_OBJECT -> "OBJECT";
      case START_ARRAY -> "ARRAY";
      case VALUE_STRING -> "STRING";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "NUMBER";
      case VALUE_TRUE, VALUE_FALSE -> "BOOLEAN";
      case VALUE_NULL -> "NULL";
      default -> t.name();
    };
  }
}
