package vn.ioc.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String key(String line, String field) {
    return JsonLines.keyOf(utf8(line), field);
  }

  @Test
  void keyIsTheTopLevelFieldAsText() {
    assertEquals(
        "000.00.31.H40",
        key("{\"reportId\":\"r\",\"unitCode\":\"000.00.31.H40\",\"n\":1}", "unitCode"));
    assertEquals("Sở Tư pháp", key("{\"unitCode\" : \"Sở Tư pháp\"}", "unitCode"));
    assertEquals("412", key("{\"unitCode\": 412}", "unitCode"));
    assertEquals("true", key("{\"unitCode\": true}", "unitCode"));
  }

  @Test
  void nestedFieldsOfTheSameNameAreNotTheKey() {
    assertEquals(
        "top",
        key(
            "{\"a\":{\"unitCode\":\"nested\"},\"b\":[{\"unitCode\":\"x\"}],\"unitCode\":\"top\"}",
            "unitCode"));
    assertNull(key("{\"a\":{\"unitCode\":\"nested\"}}", "unitCode"));
  }

  @Test
  void lastRepeatedFieldWinsAsInATreeParse() {
    assertEquals("second", key("{\"unitCode\":\"first\",\"unitCode\":\"second\"}", "unitCode"));
  }

  @Test
  void noKeyWhenTheLineIsNotOneJsonObjectWithAScalarField() {
    assertNull(key("{\"unitCode\":\"u\"", "unitCode"), "cut short");
    assertNull(key("{\"unitCode\":\"u\"} trailing", "unitCode"), "trailing text");
    assertNull(key("{\"unitCode\":\"u\"} {\"unitCode\":\"v\"}", "unitCode"), "two objects");
    assertNull(key("[{\"unitCode\":\"u\"}]", "unitCode"), "array");
    assertNull(key("\"unitCode\"", "unitCode"), "string");
    assertNull(key("not json", "unitCode"));
    assertNull(key("{\"other\":\"u\"}", "unitCode"), "missing");
    assertNull(key("{\"unitCode\":null}", "unitCode"), "null");
    assertNull(key("{\"unitCode\":{\"a\":1}}", "unitCode"), "object");
    assertNull(key("{\"unitCode\":[1]}", "unitCode"), "array value");
    assertNull(key("{\"unitCode\":\"u\"}", null), "no key field");
    assertNull(key("{\"unitCode\":\"u\"}", ""), "empty key field");
  }

  @Test
  void invalidUtf8HasNoKey() {
    byte[] line = utf8("{\"unitCode\":\"u\",\"x\":\"?\"}");
    line[line.length - 3] = (byte) 0xC3; // a lone lead byte
    assertNull(JsonLines.keyOf(line, "unitCode"));
  }

  private static List<String> lines(InputStream in, long[] blank) throws Exception {
    List<String> out = new ArrayList<>();
    JsonLines.Stats s =
        JsonLines.read(in, (b, n) -> out.add(n + ":" + new String(b, StandardCharsets.UTF_8)));
    blank[0] = s.blank();
    return out;
  }

  @Test
  void readsLinesWithoutTerminatorsSkippingBlankOnes() throws Exception {
    long[] blank = {0};
    String text = "\uFEFF{\"a\":1}\r\n\n   \n{\"b\":2}\n\t\r\n{\"c\":3}";
    List<String> got = lines(new ByteArrayInputStream(utf8(text)), blank);
    assertEquals(List.of("1:{\"a\":1}", "4:{\"b\":2}", "6:{\"c\":3}"), got);
    assertEquals(3, blank[0]);
  }

  @Test
  void lineBytesAreKeptAsTheyAre() throws Exception {
    byte[] bad = {
      '{', '"', 'x', '"', ':', '"', (byte) 0xFF, (byte) 0xC3, '"', '}', '\n', ' ', 'z', ' ', '\n'
    };
    List<byte[]> got = new ArrayList<>();
    JsonLines.read(new ByteArrayInputStream(bad), (b, n) -> got.add(b));
    assertEquals(2, got.size());
    assertArrayEquals(java.util.Arrays.copyOf(bad, 10), got.get(0));
    assertArrayEquals(new byte[] {' ', 'z', ' '}, got.get(1), "inner spaces stay");
  }

  @Test
  void linesSplitAcrossReadsAreJoined() throws Exception {
    StringBuilder big = new StringBuilder("{\"v\":\"");
    big.append("đ".repeat(3000)).append("\"}");
    String text = "{\"a\":1}\n" + big + "\n{\"b\":2}\n";
    byte[] bytes = utf8(text);
    // Returns at most 7 bytes per read: every line crosses read boundaries, even multi-byte
    // characters.
    InputStream trickle =
        new ByteArrayInputStream(bytes) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 7));
          }
        };
    long[] blank = {0};
    assertEquals(List.of("1:{\"a\":1}", "2:" + big, "3:{\"b\":2}"), lines(trickle, blank));
  }

  @Test
  void envelopeCarriesKeyAndExactValueBytes() {
    JsonLines.Envelope e =
        JsonLines.envelope(utf8("{\"key\":\"k1\", \"value\": {\"n\": 1.10, \"s\": \"Vinh\" } }"));
    assertArrayEquals(utf8("k1"), e.key());
    assertEquals("{\"n\": 1.10, \"s\": \"Vinh\" }", new String(e.value(), StandardCharsets.UTF_8));

    e = JsonLines.envelope(utf8("{\"value\":[1, 2],\"key\":7}"));
    assertArrayEquals(utf8("7"), e.key());
    assertEquals("[1, 2]", new String(e.value(), StandardCharsets.UTF_8));

    e = JsonLines.envelope(utf8("{\"key\":\"k\",\"value\":42}"));
    assertEquals("42", new String(e.value(), StandardCharsets.UTF_8));
  }

  @Test
  void envelopeStringValueIsSentAsItsText() {
    JsonLines.Envelope e = JsonLines.envelope(utf8("{\"key\":null,\"value\":\"{not json\\n\"}"));
    assertNull(e.key());
    assertEquals("{not json\n", new String(e.value(), StandardCharsets.UTF_8));
  }

  @Test
  void envelopeNullValueIsATombstone() {
    JsonLines.Envelope e = JsonLines.envelope(utf8("{\"key\":\"rule-1\",\"value\":null}"));
    assertArrayEquals(utf8("rule-1"), e.key());
    assertNull(e.value());
    assertNull(e.createdAt());
  }

  @Test
  void anEnvelopeMaySayWhenAControlInputWasMade() {
    JsonLines.Envelope e =
        JsonLines.envelope(
            utf8("{\"key\":\"s1\",\"value\":null,\"createdAt\":\"2024-05-02T10:30:00+07:00\"}"));
    assertEquals("2024-05-02T10:30:00+07:00", e.createdAt());
    assertNull(e.value());
  }

  @Test
  void malformedEnvelopesAreRefused() {
    for (String bad :
        List.of(
            "{\"key\":\"k\"}",
            "{\"key\":\"k\",\"valeu\":1}",
            "{\"key\":{\"a\":1},\"value\":1}",
            "{\"key\":\"k\",\"value\":1",
            "[\"k\",1]",
            "{\"key\":\"k\",\"value\":1} x",
            "{\"key\":\"k\",\"value\":null,\"createdAt\":\"10:30 hôm nay\"}",
            "{\"key\":\"k\",\"value\":null,\"createdAt\":1714620600000}")) {
      assertThrows(IllegalArgumentException.class, () -> JsonLines.envelope(utf8(bad)), bad);
    }
  }
}
