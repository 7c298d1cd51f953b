package vn.ioc.influx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineProtocolTest {

  @Test
  void sortsTagsAndFieldsAndFormatsEachType() {
    InfluxPoint p =
        InfluxPoint.of("service_rates", 1_719_792_000_000L)
            .tag("window", "1h")
            .tag("scope", "unit")
            .tag("unit", "000.00.12.H40")
            .field("received", 12L)
            .field("online_rate_pct", 41.66666666666667)
            .field("note", "ok");
    assertEquals(
        "service_rates,scope=unit,unit=000.00.12.H40,window=1h note=\"ok\",online_rate_pct=41.66666666666667,received=12i 1719792000000",
        LineProtocol.line(p));
  }

  @Test
  void escapesSyntaxCharactersInNamesAndValues() {
    InfluxPoint p =
        InfluxPoint.of("m,x y", 5L)
            .tag("đơn vị", "Sở Tư pháp, Nghệ An=1")
            .field("a=b,c d", 1.5)
            .field("s", "say \"hi\" \\ bye\nnext line");
    assertEquals(
        "m\\,x\\ y,đơn\\ vị=Sở\\ Tư\\ pháp\\,\\ Nghệ\\ An\\=1 a\\=b\\,c\\ d=1.5,s=\"say \\\"hi\\\" \\\\ bye\nnext line\" 5",
        LineProtocol.line(p));
  }

  @Test
  void sanitizesBeforeEscaping() {
    InfluxPoint p =
        InfluxPoint.of("m", 1L)
            .tag("unit", "a\nm2 x=1")
            .tag("path", "x\\")
            .tag("district", "")
            .field("v", 1L);
    assertEquals("m,district=(empty),path=x⧵,unit=a\\ m2\\ x\\=1 v=1i 1", LineProtocol.line(p));
  }

  @Test
  void nullFieldsAreAbsent() {
    InfluxPoint p = InfluxPoint.of("m", 1L).field("v", 1L);
    p.doubleFields.put("rate", null);
    assertEquals("m v=1i 1", LineProtocol.line(p));
  }

  @Test
  void doublesKeepTheirShortestExactForm() {
    assertEquals("m v=50.0 0", LineProtocol.line(InfluxPoint.of("m", 0).field("v", 50.0)));
    assertEquals("m v=1.0E-5 0", LineProtocol.line(InfluxPoint.of("m", 0).field("v", 0.00001)));
    assertEquals(
        "m v=-3i -86400000", LineProtocol.line(InfluxPoint.of("m", -86_400_000L).field("v", -3L)));
  }

  @Test
  void refusesWhatCannotBeWritten() {
    assertInvalid("point has no measurement", InfluxPoint.of(null, 1).field("v", 1L));
    assertInvalid("point has no fields", InfluxPoint.of("m", 1).tag("a", "b"));
    assertInvalid(
        "field 'v' is NaN: line protocol has no non-finite floats",
        InfluxPoint.of("m", 1).field("v", Double.NaN));
    assertInvalid(
        "field 'v' is Infinity: line protocol has no non-finite floats",
        InfluxPoint.of("m", 1).field("v", Double.POSITIVE_INFINITY));
    assertInvalid(
        "measurement starts with '#': line protocol would read the line as a comment",
        InfluxPoint.of("#m", 1).field("v", 1L));
    assertInvalid(
        "timestamp 9223372036855 ms is outside InfluxDB's time range",
        InfluxPoint.of("m", 9_223_372_036_855L).field("v", 1L));
    assertInvalid(
        "two tag keys become 'a b' after sanitizing",
        InfluxPoint.of("m", 1).tag("a\nb", "1").tag("a b", "2").field("v", 1L));
    assertInvalid(
        "two fields become 'v' after sanitizing (or one key has two types)",
        InfluxPoint.of("m", 1).field("v", 1L).field("v", 1.0));
  }

  @Test
  void aReplacingPointWithoutFieldsOnlyDeletes() throws Exception {
    LineProtocol.Encoded e = LineProtocol.encode(InfluxPoint.of("m", 7).tag("a", "b").replacing());
    assertNull(e.line());
    assertEquals("m,a=b", e.seriesKey());
    assertEquals("m,a=b 7", e.pointKey());
  }

  @Test
  void tagsOfAHashMapAreSortedToo() {
    InfluxPoint p = InfluxPoint.of("m", 1).field("v", 1L);
    Map<String, String> tags = new HashMap<>();
    for (int i = 20; i > 0; i--) tags.put("k" + (char) ('a' + i), "v");
    p.tags = tags;
    assertEquals(
        "m,kb=v,kc=v,kd=v,ke=v,kf=v,kg=v,kh=v,ki=v,kj=v,kk=v,kl=v,km=v,kn=v,ko=v,kp=v,kq=v,kr=v,ks=v,kt=v,ku=v v=1i 1",
        LineProtocol.line(p));
  }

  @Test
  void describeRendersEvenAPointThatCannotBeSent() {
    InfluxPoint p = InfluxPoint.of("m", 3).tag("a", "x y").field("v", Double.NaN).field("n", 2L);
    assertEquals("m,a=x\\ y n=2i,v=NaN 3", LineProtocol.describe(p));
    assertEquals(
        "m,a=b v=1i 3", LineProtocol.describe(InfluxPoint.of("m", 3).tag("a", "b").field("v", 1L)));
  }

  private static void assertInvalid(String message, InfluxPoint p) {
    LineProtocol.InvalidPointException e =
        assertThrows(LineProtocol.InvalidPointException.class, () -> LineProtocol.encode(p));
    assertEquals(message, e.getMessage());
  }
}
