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
    } catch (JsonProcessingException e) {
      throw new ContractViolation(
          ContractText.BAD_JSON, ContractText.shorten(e.getOriginalMessage(), 200));
    } catch (IOException e) {
      throw new ContractViolation(
          ContractText.BAD_JSON, ContractText.shorten(String.valueOf(e.getMessage()), 200));
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
    if (!v.isTextual())
      throw new ContractViolation(
          ContractText.WRONG_TYPE, field + ": expected a string, got " + v.getNodeType());
    String s = v.textValue();
    if (s.codePointCount(0, s.length()) > maxLength)
      throw new ContractViolation(
          ContractText.OUT_OF_RANGE, field + ": longer than " + maxLength + " characters");
    return ContractText.isBlank(s) ? null : s;
  }

  /** A text field whose value must be one of {@code allowed}; null when null. */
  public static String oneOf(JsonNode v, String field, Set<String> allowed)
      throws ContractViolation {
    if (v.isNull()) return null;
    if (!v.isTextual())
      throw new ContractViolation(
          ContractText.WRONG_TYPE, field + ": expected a string, got " + v.getNodeType());
    if (!allowed.contains(v.textValue()))
      throw new ContractViolation(
          ContractText.OUT_OF_RANGE,
          field
              + ": "
              + ContractText.shorten(v.textValue(), 64)
              + " is not one of "
              + new java.util.TreeSet<>(allowed));
    return v.textValue();
  }

  /** An RFC 3339 date-time with offset, in epoch ms; {@link ContractText#ABSENT} when null. */
  public static long timestamp(JsonNode v, String field) throws ContractViolation {
    if (v.isNull()) return ContractText.ABSENT;
    if (!v.isTextual())
      throw new ContractViolation(
          ContractText.WRONG_TYPE,
          field + ": expected an RFC 3339 date-time string, got " + v.getNodeType());
    String s = v.textValue();
    long millis = ContractText.parseRfc3339Millis(s.toCharArray(), 0, s.length());
    if (millis == ContractText.ABSENT)
      throw new ContractViolation(
          ContractText.BAD_TIMESTAMP,
          field + ": not an RFC 3339 date-time with offset: " + ContractText.shorten(s, 64));
    return millis;
  }

  public static void required(String value, String field) throws ContractViolation {
    if (value == null) missing(field);
  }

  public static void missing(String field) throws ContractViolation {
    throw new ContractViolation(ContractText.MISSING_FIELD, field + " is absent, null or blank");
  }
}
