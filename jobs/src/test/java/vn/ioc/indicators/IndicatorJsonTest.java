package vn.ioc.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.ioc.influx.InfluxPoint;

class IndicatorJsonTest {
  static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");

  @Test
  void aWriteOnTheBusCarriesThePointTheWindowAndAsOf() throws Exception {
    InfluxPoint p =
        InfluxPoint.of("service_rates", 1729011600000L)
            .tag("window", "1d")
            .tag("scope", "unit")
            .tag("unit", "Sở Tư pháp \"Nghệ An\"")
            .field("received", 12L)
            .field("online", 9L)
            .field("online_rate_pct", 75.0)
            .field("owner", "Phòng A\\B");
    IndicatorUpdate u = new IndicatorUpdate(p, 1729098000000L, 1729068900000L, false);
    String json = new String(IndicatorJson.encode(u, HCM), StandardCharsets.UTF_8);
    assertEquals(
        "{\"measurement\":\"service_rates\",\"tags\":{\"scope\":\"unit\","
            + "\"unit\":\"Sở Tư pháp \\\"Nghệ An\\\"\",\"window\":\"1d\"},"
            + "\"windowStart\":\"2024-10-16T00:00:00.000+07:00\","
            + "\"windowEnd\":\"2024-10-17T00:00:00.000+07:00\","
            + "\"fields\":{\"online\":9,\"received\":12,\"online_rate_pct\":75.0,"
            + "\"owner\":\"Phòng A\\\\B\"},"
            + "\"asOf\":\"2024-10-16T15:55:00.000+07:00\",\"final\":false}",
        json);

    IndicatorJson.Message back = IndicatorJson.decode(json.getBytes(StandardCharsets.UTF_8));
    assertEquals("service_rates", back.measurement());
    assertEquals(Map.of("received", 12.0, "online", 9.0, "online_rate_pct", 75.0), back.fields());
    assertEquals(Map.of("owner", "Phòng A\\B"), back.texts());
    assertEquals(1729068900000L, back.asOf());
    assertEquals("service_rates,scope=unit,unit=Sở Tư pháp \"Nghệ An\",window=1d", back.series());
  }

  @Test
  void aNameInTwoMapsIsWrittenOnceWithTheLaterKind() {
    InfluxPoint p =
        InfluxPoint.of("m", 0).field("x", 1L).field("x", 2.5).field("y", 3L).field("y", "t");
    String json =
        new String(
            IndicatorJson.encode(new IndicatorUpdate(p, 60_000, 0, true), ZoneId.of("UTC")),
            StandardCharsets.UTF_8);
    assertEquals(
        "{\"measurement\":\"m\",\"tags\":{},\"windowStart\":\"1970-01-01T00:00:00.000Z\","
            + "\"windowEnd\":\"1970-01-01T00:01:00.000Z\",\"fields\":{\"x\":2.5,\"y\":\"t\"},"
            + "\"asOf\":\"1970-01-01T00:00:00.000Z\",\"final\":true}",
        json);
  }

  @Test
  void aWritersMarkSaysHowFarItHasGot() throws Exception {
    String json =
        new String(
            IndicatorJson.encodeMark("progress-items/1", 1796697000000L, HCM),
            StandardCharsets.UTF_8);
    assertEquals(
        "{\"writer\":\"progress-items/1\",\"watermark\":\"2026-12-08T09:30:00.000+07:00\"}", json);
    IndicatorJson.Message back = IndicatorJson.decode(json.getBytes(StandardCharsets.UTF_8));
    assertEquals("progress-items/1", back.writer());
    assertEquals(1796697000000L, back.asOf());
    assertEquals(null, back.series());
    assertEquals(
        null,
        IndicatorJson.decode(
                "{\"measurement\":\"m\",\"tags\":{},\"asOf\":\"2026-12-08T09:30:00Z\",\"writer\":\"x\"}"
                    .getBytes(StandardCharsets.UTF_8))
            .writer(),
        "an update with a field named writer is an update");
  }
}
