package vn.ioc.influx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class InfluxPointTest {

  @Test
  void isSerializedAsAPojoWithoutKryo() {
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(InfluxPoint.class);
  }

  @Test
  void equalityIgnoresTheMapImplementation() {
    InfluxPoint a = InfluxPoint.of("m", 1).tag("b", "2").tag("a", "1").field("v", 1L);
    InfluxPoint b = InfluxPoint.of("m", 1).field("v", 1L);
    b.tags = new HashMap<>();
    b.tags.put("a", "1");
    b.tags.put("b", "2");
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, new InfluxPoint(a).replacing());
    assertNotEquals(a, InfluxPoint.of("m", 1).tag("a", "1").tag("b", "2").field("v", 1.0));
  }

  @Test
  void toStringShowsEverythingSorted() {
    InfluxPoint p =
        InfluxPoint.of("m", 5)
            .tag("b", "2")
            .tag("a", "1")
            .field("v", 1L)
            .field("r", 0.5)
            .field("s", "x")
            .replacing();
    assertEquals(
        "InfluxPoint{m {a=1, b=2} long={v=1} double={r=0.5} string={s=x} @5 replace}",
        p.toString());
  }
}
