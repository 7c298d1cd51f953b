package vn.ioc.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import vn.ioc.influx.InfluxPoint;
import vn.ioc.influx.LineProtocol;
import vn.ioc.influx.TagValues;

/** Codes are codes: what is written as a tag is exactly the accepted code. */
class CodesTest {
  @Test
  void theSyntax() {
    for (String ok :
        List.of("0", "000.00.21.H40", "1.004227", "DA06-NV-3.1", "a_B-9.z", "x".repeat(64)))
      assertTrue(ContractText.isCode(ok), ok);
    for (String bad :
        List.of(
            "",
            " 40",
            "40 ",
            "COLL UNIT",
            "COLL\nUNIT",
            "a\tb",
            ".40",
            "-40",
            "_40",
            "Vinh\u0301",
            "Thành",
            "a,b",
            "a=b",
            "a\\b",
            "x".repeat(65))) assertFalse(ContractText.isCode(bad), bad);
  }

  /**
   * Random strings over an alphabet rich in what line protocol treats specially: every accepted one
   * is its own tag value and its own line-protocol text, so two different accepted codes never
   * share a series, while the refused ones include pairs that would.
   */
  @Test
  void twoDifferentAcceptedCodesNeverShareASeries() {
    char[] alphabet = "aZ09._- \t\n\r,=\\\"'é\u0000\u007f\u0085".toCharArray();
    SplittableRandom random = new SplittableRandom(14);
    Map<String, String> acceptedBySeries = new HashMap<>();
    Map<String, String> refusedBySeries = new HashMap<>();
    int accepted = 0;
    int collisionsAmongRefused = 0;
    for (int i = 0; i < 200_000; i++) {
      int n = 1 + random.nextInt(4);
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < n; k++) b.append(alphabet[random.nextInt(alphabet.length)]);
      String code = b.toString();
      String series = LineProtocol.line(InfluxPoint.of("m", 0).tag("unit", code).field("v", 1L));
      if (ContractText.isCode(code)) {
        accepted++;
        assertEquals(code, TagValues.sanitize(code));
        String before = acceptedBySeries.putIfAbsent(series, code);
        assertTrue(before == null || before.equals(code), before + " and " + code + " share");
      } else {
        String before = refusedBySeries.putIfAbsent(series, code);
        if (before != null && !before.equals(code)) collisionsAmongRefused++;
      }
    }
    assertTrue(accepted > 10_000, "accepted " + accepted);
    assertTrue(collisionsAmongRefused > 0, "the alphabet must contain what collides");
  }

  @Test
  void aRefusalShowsTheControlCharacters() {
    assertEquals(
        "unitCode: not a code (ASCII letters and digits, then also '.', '_', '-'; at most 64):"
            + " \"COLL\\nUNIT\\u0000\"",
        ContractText.notACode("unitCode", "COLL\nUNIT\u0000").getMessage());
    assertEquals("bad-code", ContractText.notACode("unitCode", "x").reason());
  }
}
