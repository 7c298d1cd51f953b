package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;
import org.influxdb.InfluxDB;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import vn.ioc.tools.export.ServiceRatesExportTest;

/**
 * {@code deploy/ioc export} against the real InfluxDB: the months of the unit test's fixture,
 * written as the submissions job writes them, come out as the same bytes.
 */
class ExportIT {
  static final RealServices.Namespace NS = RealServices.Namespace.fresh("export");
  static final Path STATE = RealServices.PROJECT.resolve(".runtime/it/" + NS.id());

  @AfterAll
  static void drop() {
    RealServices.dropNamespace(NS);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aQuarterOfTheUnitsFromInfluxDbIsTheFixtureByteForByte() throws Exception {
    RealServices.createDatabase(NS);
    StringBuilder lines = new StringBuilder();
    for (Object[] m : ServiceRatesExportTest.MONTHS) {
      Map<String, String> tags = new TreeMap<>((Map<String, String>) m[0]);
      tags.put("window", "1mo");
      long[] c = (long[]) m[2];
      long at =
          LocalDate.parse(m[1] + "-01")
              .atStartOfDay(ZoneId.of("Asia/Ho_Chi_Minh"))
              .toInstant()
              .toEpochMilli();
      lines.append("service_rates");
      tags.forEach((k, v) -> lines.append(',').append(k).append('=').append(v));
      lines.append(
          String.format(
              " online=%di,direct=%di,postal=%di,fully_online=%di,resolved_on_time=%di,"
                  + "resolved_late=%di,received=%di %d%n",
              c[0], c[1], c[2], c[3], c[4], c[5], c[0] + c[1] + c[2], at));
    }
    try (InfluxDB influx = RealServices.influx()) {
      influx.setDatabase(NS.database());
      for (String line : lines.toString().lines().toList())
        influx.write(
            NS.database(),
            "autogen",
            InfluxDB.ConsistencyLevel.ONE,
            java.util.concurrent.TimeUnit.MILLISECONDS,
            line);
    }
    Files.createDirectories(STATE);
    Path out = STATE.resolve("q4.csv");
    Map<String, String> env = Map.of("IOC_INFLUX_DB", NS.database());
    RealServices.ioc(
        env,
        Duration.ofMinutes(2),
        "export",
        "service_rates",
        "--scope",
        "unit",
        "--period",
        "quarter",
        "--from",
        "2026-10-01",
        "--to",
        "2026-12-31",
        "--out",
        out.toString());
    byte[] csv = Files.readAllBytes(out);
    assertArrayEquals(
        Files.readAllBytes(ServiceRatesExportTest.FIXTURE),
        csv,
        new String(csv, StandardCharsets.UTF_8));

    // the programme: an item as it stood at the end of a day, its owner named as that day
    String item =
        "item_status,item=DA06-NV-1.2,kind=TASK"
            + " title=\"Kết nối dữ liệu, \\\"làm sạch\\\" dữ liệu\","
            + "group=\"Nhóm 1: Hoàn thiện thể chế\",owner_unit=\"000.00.14.H40\","
            + "responsible=\"Phó Giám đốc Sở Thông tin và Truyền thông\","
            + "deadline=\"2024-03-15\",status=\"IN_PROGRESS\",progress_pct=62.5,"
            + "expected_pct=100.0,overdue_days=16i,overdue_working_days=10i,"
            + "completed_late_days=0i,days_since_report=4i,stale=0i,at_risk=1i "
            + LocalDate.parse("2024-03-31")
                .atStartOfDay(ZoneId.of("Asia/Ho_Chi_Minh"))
                .toInstant()
                .toEpochMilli();
    try (InfluxDB influx = RealServices.influx()) {
      influx.write(
          NS.database(),
          "autogen",
          InfluxDB.ConsistencyLevel.ONE,
          java.util.concurrent.TimeUnit.MILLISECONDS,
          item);
    }
    Path items = STATE.resolve("items.csv");
    RealServices.ioc(
        env,
        Duration.ofMinutes(2),
        "export",
        "item_status",
        "--at",
        "2024-03-31",
        "--out",
        items.toString());
    assertEquals(
        vn.ioc.tools.export.ProgrammeExportTest.TASK_CSV,
        Files.readString(items, StandardCharsets.UTF_8));

    // a mistake: one line saying what to write instead, exit code 2
    Process wrong =
        RealServices.launcher(
                env,
                "export",
                "service_rates",
                "--scope",
                "unit",
                "--period",
                "week",
                "--from",
                "2026-10-01",
                "--to",
                "2026-12-31")
            .redirectErrorStream(true)
            .start();
    String said = new String(wrong.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, wrong.waitFor());
    assertEquals(
        "export: --period is minute, hour, day, month, quarter, half-year or year, not 'week'\n",
        said);
  }
}
