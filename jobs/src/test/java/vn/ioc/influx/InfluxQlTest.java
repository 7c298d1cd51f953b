package vn.ioc.influx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class InfluxQlTest {

  @Test
  void pinsEveryOtherTagKeyOfTheMeasurementToEmpty() {
    Map<String, String> tags =
        new TreeMap<>(Map.of("scope", "unit", "unit", "000.00.12.H40", "window", "1h"));
    assertEquals(
        "DELETE FROM \"service_rates\" WHERE \"district\" = '' AND \"scope\" = 'unit' AND \"service\" = '' AND \"unit\" = '000.00.12.H40' AND \"window\" = '1h' AND time = 1719792000000000000",
        InfluxQl.deletePoints(
            "service_rates",
            List.of(tags),
            1_719_792_000_000L,
            List.of("district", "scope", "service", "unit", "window")));
  }

  @Test
  void quotesIdentifiersAndStrings() {
    Map<String, String> tags = Map.of("tên \"đơn vị\"", "Sở Tư pháp, Nghệ An = 'x' ⧵");
    assertEquals(
        "DELETE FROM \"m\\\"x\" WHERE \"tên \\\"đơn vị\\\"\" = 'Sở Tư pháp, Nghệ An = \\'x\\' ⧵' AND time = -5000000",
        InfluxQl.deletePoints("m\"x", List.of(tags), -5L, List.of()));
    assertEquals("'a\\\\b\\nc'", InfluxQl.string("a\\b\nc"));
    assertEquals(
        "SHOW TAG KEYS FROM \"service_rates\";\nSHOW FIELD KEYS FROM \"service_rates\"",
        InfluxQl.showKeys("service_rates"));
  }

  @Test
  void severalSeriesAtOneInstantGoInOneStatement() {
    assertEquals(
        "DELETE FROM \"m\" WHERE ((\"service\" = '' AND \"unit\" = 'a') OR (\"service\" = 's' AND \"unit\" = 'b')) AND time = 60000000000",
        InfluxQl.deletePoints(
            "m",
            List.of(Map.of("unit", "a"), Map.of("unit", "b", "service", "s")),
            60_000L,
            List.of("unit")));
  }

  @Test
  void aMeasurementWithoutTagsHasOneSeries() {
    assertEquals(
        "DELETE FROM \"m\" WHERE time = 1000000",
        InfluxQl.deletePoints("m", List.of(Map.of()), 1L, List.of()));
  }
}
