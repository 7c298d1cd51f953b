package vn.ioc.tools.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.ioc.reference.Names;
import vn.ioc.reference.ReferenceData;
import vn.ioc.submissions.Counts;
import vn.ioc.tools.ProjectFiles;

/** Figures for analysts: sums over quarters, rates recomputed, names of the day, CSV for Excel. */
public class ServiceRatesExportTest {
  public static final Path FIXTURE =
      ProjectFiles.root().resolve("jobs/src/test/resources/fixtures/export/units-2026-q4.csv");

  static final Map<String, String> CULTURE =
      Map.of("scope", "unit", "province", "40", "unit", "000.00.24.H40");
  static final Map<String, String> THANH_VINH =
      Map.of("scope", "unit", "province", "40", "commune", "16681", "unit", "000.16681.H40");

  /**
   * The months behind the fixture: a department's October to December, a commune centre's October
   * and November.
   */
  public static final List<Object[]> MONTHS =
      List.of(
          new Object[] {CULTURE, "2026-10", new long[] {30, 10, 0, 12, 35, 5}},
          new Object[] {CULTURE, "2026-11", new long[] {20, 5, 1, 8, 20, 4}},
          new Object[] {CULTURE, "2026-12", new long[] {10, 5, 0, 3, 0, 0}},
          new Object[] {THANH_VINH, "2026-10", new long[] {5, 5, 0, 2, 9, 1}},
          new Object[] {THANH_VINH, "2026-11", new long[] {0, 0, 0, 0, 0, 0}});

  @SuppressWarnings("unchecked")
  static List<ServiceRatesExport.Point> months() {
    List<ServiceRatesExport.Point> out = new ArrayList<>();
    for (Object[] m : MONTHS) {
      LocalDateTime start = LocalDateTime.parse(m[1] + "-01T00:00");
      long[] c = (long[]) m[2];
      out.add(
          new ServiceRatesExport.Point(
              start,
              start.plusMonths(1),
              (Map<String, String>) m[0],
              new Counts(c[0], c[1], c[2], c[3], c[4], c[5])));
    }
    return out;
  }

  static Names names() throws Exception {
    return Names.of(ReferenceData.load(ProjectFiles.reference()));
  }

  @Test
  void aQuarterIsTheSumOfItsMonthsWithRatesRecomputedAsExcelReadsIt() throws Exception {
    byte[] csv =
        ServiceRatesExport.table(
                ServiceRatesExport.rows(months(), Period.QUARTER),
                names(),
                ServiceRatesExport.COLUMNS)
            .csv();
    assertArrayEquals(Files.readAllBytes(FIXTURE), csv, new String(csv, StandardCharsets.UTF_8));

    // a CSV reader opens it: the mark, then a header and two records with Vietnamese text
    String text = new String(csv, StandardCharsets.UTF_8);
    assertEquals('\uFEFF', text.charAt(0));
    MappingIterator<Map<String, String>> it =
        new CsvMapper()
            .readerFor(Map.class)
            .with(CsvSchema.emptySchema().withHeader())
            .readValues(text.substring(1));
    List<Map<String, String>> records = it.readAll();
    assertEquals(2, records.size());
    assertEquals("Sở Văn hoá, Thể thao và Du lịch", records.get(1).get("unit_name"));
    assertEquals("Phường Thành Vinh", records.get(0).get("commune_name"));
    assertEquals("81", records.get(1).get("received"));
    assertEquals("74.07", records.get(1).get("online_rate_pct"));
    assertEquals("2026-12-01 00:00", records.get(0).get("until"), "only two months of figures");
  }

  @Test
  void asJsonCountsAndRatesAreNumbersAndAnAbsentNameIsNull() throws Exception {
    String json =
        new String(
            ServiceRatesExport.table(
                    ServiceRatesExport.rows(months().subList(3, 5), Period.HALF_YEAR),
                    names(),
                    ServiceRatesExport.COLUMNS)
                .json(),
            StandardCharsets.UTF_8);
    assertEquals(
        "[{\"period\":\"2026-H2\",\"from\":\"2026-10-01 00:00\",\"until\":\"2026-12-01 00:00\","
            + "\"scope\":\"unit\",\"province_code\":\"40\",\"district_code\":null,"
            + "\"district_name\":null,\"commune_code\":\"16681\","
            + "\"commune_name\":\"Phường Thành Vinh\",\"unit_code\":\"000.16681.H40\","
            + "\"unit_name\":\"Trung tâm Phục vụ hành chính công phường Thành Vinh\","
            + "\"service_code\":null,\"service_name\":null,\"received\":10,\"online\":5,"
            + "\"direct\":5,\"postal\":0,\"fully_online\":2,\"resolved_on_time\":9,"
            + "\"resolved_late\":1,\"online_rate_pct\":50.00,\"fully_online_rate_pct\":20.00,"
            + "\"on_time_rate_pct\":90.00}]\n",
        json);
  }

  @Test
  void aMonthWithoutApplicationsHasNoRates() throws Exception {
    List<ServiceRatesExport.Row> rows =
        ServiceRatesExport.rows(months().subList(4, 5), Period.MONTH);
    assertEquals(
        Arrays.asList(
            "2026-11",
            "2026-11-01 00:00",
            "2026-12-01 00:00",
            "unit",
            "40",
            null,
            null,
            "16681",
            "Phường Thành Vinh",
            "000.16681.H40",
            "Trung tâm Phục vụ hành chính công phường Thành Vinh",
            null,
            null,
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            null,
            null,
            null),
        ServiceRatesExport.fields(rows.get(0), names()));
  }

  @Test
  void thePeriodsOfVietnameseReports() {
    LocalDateTime t = LocalDateTime.parse("2026-08-17T09:41");
    assertEquals("2026-08-17 09:41", Period.MINUTE.label(Period.MINUTE.start(t)));
    assertEquals("2026-08-17 09:00", Period.HOUR.label(Period.HOUR.start(t)));
    assertEquals("2026-08-17", Period.DAY.label(Period.DAY.start(t)));
    assertEquals("2026-08", Period.MONTH.label(Period.MONTH.start(t)));
    assertEquals("2026-Q3", Period.QUARTER.label(Period.QUARTER.start(t)));
    assertEquals(LocalDateTime.parse("2026-07-01T00:00"), Period.QUARTER.start(t));
    assertEquals("2026-H2", Period.HALF_YEAR.label(Period.HALF_YEAR.start(t)));
    assertEquals("2026", Period.YEAR.label(Period.YEAR.start(t)));
    assertEquals(
        "--period is minute, hour, day, month, quarter, half-year or year, not 'week'",
        assertThrows(IllegalArgumentException.class, () -> Period.of("week")).getMessage());
  }

  private static ServiceRatesExport.Point month(
      String month, Map<String, String> tags, long online, long direct) {
    LocalDateTime start = LocalDateTime.parse(month + "-01T00:00");
    return new ServiceRatesExport.Point(
        start, start.plusMonths(1), tags, new Counts(online, direct, 0, 0, 0, 0));
  }

  /**
   * Thành phố Vinh before the reform and its six successor communes after: a quarter on either
   * side, and the year that spans both; a commune of another former district is left out.
   */
  @Test
  void aFormerDistrictAcrossTheReformIsItsOwnFiguresThenItsSuccessorCommunes() throws Exception {
    Map<String, String> vinh = Map.of("scope", "district", "province", "40", "district", "412");
    List<ServiceRatesExport.Point> own =
        List.of(month("2025-04", vinh, 60, 40), month("2025-06", vinh, 70, 30));
    List<ServiceRatesExport.Point> communes =
        List.of(
            month("2025-07", commune("16681"), 30, 10),
            month("2025-08", commune("16681"), 20, 10),
            month("2025-07", commune("16690"), 10, 20),
            month("2025-09", commune("16732"), 5, 5), // Cửa Lò, part of Vinh since December 2024
            month("2025-07", commune("16738"), 99, 1)); // Xã Quế Phong: not a successor of Vinh
    List<List<String>> quarters = new ArrayList<>();
    for (ServiceRatesExport.Row r :
        ServiceRatesExport.formerDistrict("412", own, communes, ngheAn(), Period.QUARTER))
      quarters.add(
          ServiceRatesExport.fields(r, names(), ServiceRatesExport.FORMER_DISTRICT_COLUMNS));
    assertEquals(
        List.of(
            Arrays.asList(
                "2025-Q2",
                "2025-04-01 00:00",
                "2025-07-01 00:00",
                "district",
                "40",
                "412",
                "Thành phố Vinh",
                null,
                null,
                null,
                null,
                null,
                null,
                "200",
                "130",
                "70",
                "0",
                "0",
                "0",
                "0",
                "65.00",
                "0.00",
                null,
                null,
                null),
            Arrays.asList(
                "2025-Q3",
                "2025-07-01 00:00",
                "2025-10-01 00:00",
                "district",
                "40",
                "412",
                "Thành phố Vinh",
                null,
                null,
                null,
                null,
                null,
                null,
                "110",
                "65",
                "45",
                "0",
                "0",
                "0",
                "0",
                "59.09",
                "0.00",
                null,
                "16681;16690;16732",
                null)),
        quarters);
    List<ServiceRatesExport.Row> year =
        ServiceRatesExport.formerDistrict("412", own, communes, ngheAn(), Period.YEAR);
    assertEquals(1, year.size());
    assertEquals(310, year.get(0).counts().received(), "both sides of the reform in one year");
  }

  private static ReferenceData ngheAn() throws Exception {
    return ReferenceData.load(ProjectFiles.reference());
  }

  private static Map<String, String> commune(String code) {
    return Map.of("scope", "commune", "province", "40", "commune", code);
  }

  /** A commune formed from two former districts counts for the one of most of its predecessors. */
  @Test
  void aCommuneFormedAcrossDistrictsIsNamed() {
    ReferenceData data = vn.ioc.reference.ReferenceDataTest.formedAcrossDistricts();
    List<ServiceRatesExport.Row> rows =
        ServiceRatesExport.formerDistrict(
            "430", List.of(), List.of(month("2025-07", commune("2"), 1, 1)), data, Period.MONTH);
    assertEquals("2", rows.get(0).tags().get("communes"));
    assertEquals("2", rows.get(0).tags().get("communes_across_districts"));
    assertEquals(
        List.of(),
        ServiceRatesExport.formerDistrict(
            "429", List.of(), List.of(month("2025-07", commune("2"), 1, 1)), data, Period.MONTH));
  }
}
