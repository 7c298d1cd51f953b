package vn.ioc.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Set;

/**
 * Reading a small message as a JSON tree under the contract conventions (schemas/README.md): the
 * payload checks first, no field twice, nothing after the object, exact numbers; absent and null
 * are the same; blank required text is missing. For feeds of few, small messages (clock ticks,
 * acknowledgements, silences); programme reports are read field by field ({@link JsonStream}) and
 * the submissions feed has its own streaming decoder.
 */
public final class JsonTree {
  private JsonTree() {}

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  /** The message as a JSON object, or a refusal (too-large, bad-encoding, bad-json). */
  public static JsonNode object(byte[] payload) throws ContractViolation {
    ContractText.checkPayload(payload);
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (IOException e) {
      throw badJson(e);
    }
    if (root == null || root.isMissingNode())
      throw new ContractViolation(ContractText.BAD_JSON, "no JSON value");
    if (!root.isObject())
      throw new ContractViolation(
          ContractText.BAD_JSON, "the message is " + root.getNodeType() + ", not a JSON object");
    return root;
  }

  /** A text field: null when null, empty or blank (missing if required); else as sent. */
  public static String text(JsonNode v, String field, int maxLength) throws ContractViolation {
    if (v.isNull()) return null;
    if (!v.isTextual()) throw wrongType(field, "a string", describe(v));
    return text(v.textValue(), field, maxLength);
  }

  /** A text field whose value must be one of {@code allowed}; null when null. */
  public static String oneOf(JsonNode v, String field, Set<String> allowed)
      throws ContractViolation {
    if (v.isNull()) return null;
    if (!v.isTextual()) throw wrongType(field, "a string", describe(v));
    return oneOf(v.textValue(), field, allowed);
  }

  /** An RFC 3339 date-time with offset, in epoch ms; {@link ContractText#ABSENT} when null. */
  public static long timestamp(JsonNode v, String field) throws ContractViolation {
    if (v.isNull()) return ContractText.ABSENT;
    if (!v.isTextual()) throw wrongType(field, TIMESTAMP, describe(v));
    char[] c = v.textValue().toCharArray();
    return timestamp(c, 0, c.length, field);
  }

  // ---- the checks of a value, whichever way it was read (here or by JsonStream) ----------

  static final String TIMESTAMP = "an RFC 3339 date-time string";

  static String text(String s, String field, int maxLength) throws ContractViolation {
    if (s.codePointCount(0, s.length()) > maxLength)
      throw new ContractViolation(
          ContractText.OUT_OF_RANGE, field + ": longer than " + maxLength + " characters");
    return ContractText.isBlank(s) ? null : s;
  }

  static String oneOf(String s, String field, Set<String> allowed) throws ContractViolation {
    if (allowed.contains(s)) return s;
    throw new ContractViolation(
        ContractText.OUT_OF_RANGE,
        field
            + ": "
            + ContractText.shorten(s, 64)
            + " is not one of "
            + new java.util.TreeSet<>(allowed));
  }

  static long timestamp(char[] c, int off, int len, String field) throws ContractViolation {
    long millis = ContractText.parseRfc3339Millis(c, off, len);
    if (millis != ContractText.ABSENT) return millis;
    throw new ContractViolation(
        ContractText.BAD_TIMESTAMP,
        field
            + ": not an RFC 3339 date-time with offset: "
            + ContractText.shorten(new String(c, off, len), 64));
  }

  /** A value as a refusal names it: "an object", "the string \"ab…\"", "the number 3.5". */
  static String describe(JsonNode v) {
    if (v.isObject()) return "an object";
    if (v.isArray()) return "an array";
    if (v.isTextual()) return quoted(v.textValue());
    if (v.isNumber()) return "the number " + ContractText.shorten(v.asText(), 64);
    return v.asText(); // true, false, null
  }

  static String quoted(String s) {
    return "the string \"" + ContractText.shorten(s, 64) + "\"";
  }

  static ContractViolation wrongType(String field, String expected, String got) {
    return new ContractViolation(
        ContractText.WRONG_TYPE, field + ": expected " + expected + ", got " + got);
  }

  /** Malformed JSON, as Jackson words it (without its location). */
  static ContractViolation badJson(IOException e) {
    String message =
        e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return new ContractViolation(
        ContractText.BAD_JSON, ContractText.shorten(String.valueOf(message), 200));
  }

  public static void required(String value, String field) throws ContractViolation {
    if (value == null) missing(field);
  }

  @SuppressWarnings("DoNotCallSuggester") // the readers' one way to refuse an absent field
  public static void missing(String field) throws ContractViolation {
    throw new ContractViolation(ContractText.MISSING_FIELD, field + " is absent, null or blank");
  }
}
