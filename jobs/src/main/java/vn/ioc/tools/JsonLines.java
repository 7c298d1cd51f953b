package vn.ioc.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON-lines input for the tools, at the byte level: a line is sent exactly as its bytes are in the
 * file (no decoding and re-encoding, so even a line that is not valid UTF-8 reaches Kafka as it is
 * and the job's dead-letter path sees it).
 */
public final class JsonLines {
  private JsonLines() {}

  private static final JsonFactory FACTORY = new JsonFactory();

  @FunctionalInterface
  interface LineHandler {
    /** One non-blank line, without its line terminator; {@code number} counts from 1. */
    void line(byte[] bytes, long number) throws Exception;
  }

  /** What {@link #read} saw. */
  record Stats(long lines, long blank) {}

  /**
   * Reads lines split on {@code \n}; a trailing {@code \r} is dropped (CRLF files), and so is a
   * UTF-8 byte-order mark at the start of the file. Blank lines (only spaces, tabs) are counted and
   * skipped.
   */
  static Stats read(InputStream in, LineHandler handler) throws Exception {
    byte[] chunk = new byte[1 << 20];
    byte[] pending = new byte[4096];
    int pendingLen = 0;
    long number = 0;
    long blank = 0;
    boolean first = true;
    int n;
    while ((n = in.read(chunk)) >= 0) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (chunk[i] != '\n') continue;
        int segment = i - start;
        byte[] line;
        if (pendingLen == 0) {
          line = Arrays.copyOfRange(chunk, start, i);
        } else {
          line = Arrays.copyOf(pending, pendingLen + segment);
          System.arraycopy(chunk, start, line, pendingLen, segment);
          pendingLen = 0;
        }
        number++;
        line = trim(line, first);
        first = false;
        if (line == null) blank++;
        else handler.line(line, number);
        start = i + 1;
      }
      int rest = n - start;
      if (rest > 0) {
        if (pendingLen + rest > pending.length) {
          pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLen + rest));
        }
        System.arraycopy(chunk, start, pending, pendingLen, rest);
        pendingLen += rest;
      }
    }
    if (pendingLen > 0) { // last line without a terminator
      number++;
      byte[] line = trim(Arrays.copyOf(pending, pendingLen), first);
      if (line == null) blank++;
      else handler.line(line, number);
    }
    return new Stats(number, blank);
  }

  /** Drops a trailing CR (and a leading BOM on the first line); null when the line is blank. */
  private static byte[] trim(byte[] line, boolean first) {
    int from = 0;
    int to = line.length;
    if (first
        && to >= 3
        && (line[0] & 0xff) == 0xEF
        && (line[1] & 0xff) == 0xBB
        && (line[2] & 0xff) == 0xBF) {
      from = 3;
    }
    if (to > from && line[to - 1] == '\r') to--;
    boolean blank = true;
    for (int i = from; i < to && blank; i++) {
      blank = line[i] == ' ' || line[i] == '\t';
    }
    if (blank) return null;
    return from == 0 && to == line.length ? line : Arrays.copyOfRange(line, from, to);
  }

  /**
   * The value of top-level field {@code field} as text when the line is one JSON object that has it
   * as a string, number or boolean; null otherwise (not JSON, not an object, field missing, null,
   * an object or an array). When the field repeats, the last one wins, as in a tree parse.
   */
  public static String keyOf(byte[] line, String field) {
    if (field == null || field.isEmpty()) return null;
    try (JsonParser p = FACTORY.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return null;
      String key = null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        boolean wanted = field.equals(p.currentName());
        JsonToken v = p.nextToken();
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
          p.skipChildren();
          if (wanted) key = null;
        } else if (wanted) {
          key = v == JsonToken.VALUE_NULL ? null : p.getText();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) return null;
      return key;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * One line of the envelope form: the Kafka key and value (null value: a tombstone), and when a
   * control input was made ({@code createdAt}, sent as the header {@code created-at}), or null.
   */
  @SuppressWarnings("ArrayRecordComponent") // carried to the producer, never compared or hashed
  public record Envelope(byte[] key, byte[] value, String createdAt) {}

  /**
   * Parses {@code {"key": K, "value": V}}, with an optional {@code "createdAt": T} (an RFC 3339
   * time: when a rule or silence, or their deletion, was made, in engine time). K: a string, a
   * number, a boolean or null. V: null (a tombstone), a string (sent as its text, so any payload,
   * even one that is not JSON, can be written), or any other JSON value (sent as its exact bytes in
   * the line, not re-serialized). Other fields are refused, so a misspelt "value" cannot silently
   * become a tombstone.
   */
  public static Envelope envelope(byte[] line) {
    try (JsonParser p = FACTORY.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT)
        throw new IllegalArgumentException("not a JSON object");
      byte[] key = null;
      byte[] value = null;
      String createdAt = null;
      boolean hasValue = false;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "key" -> {
            if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
              throw new IllegalArgumentException(
                  "\"key\" must be a string, a number, a boolean or null");
            }
            key = v == JsonToken.VALUE_NULL ? null : p.getText().getBytes(StandardCharsets.UTF_8);
          }
          case "createdAt" -> {
            String text = v == JsonToken.VALUE_STRING ? p.getText() : "";
            if (vn.ioc.feed.ContractText.parseRfc3339Millis(text.toCharArray(), 0, text.length())
                == vn.ioc.feed.ContractText.ABSENT)
              throw new IllegalArgumentException(
                  "\"createdAt\" must be an RFC 3339 time with offset, such as"
                      + " 2025-07-01T10:05:00+07:00");
            createdAt = text;
          }
          case "value" -> {
            hasValue = true;
            if (v == JsonToken.VALUE_NULL) {
              value = null;
            } else if (v == JsonToken.VALUE_STRING) {
              value = p.getText().getBytes(StandardCharsets.UTF_8);
            } else {
              int from = (int) p.currentTokenLocation().getByteOffset();
              p.skipChildren();
              int to = (int) p.currentLocation().getByteOffset();
              value = Arrays.copyOfRange(line, from, to);
            }
          }
          default ->
              throw new IllegalArgumentException(
                  "unexpected field \""
                      + name
                      + "\" (an envelope has key, value and optionally createdAt)");
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null)
        throw new IllegalArgumentException("not one JSON object");
      if (!hasValue)
        throw new IllegalArgumentException(
            "no \"value\" field (use \"value\": null for a tombstone)");
      return new Envelope(key, value, createdAt);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage());
    }
  }
}
