package vn.ioc.submissions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.ioc.feed.Decoded;
import vn.ioc.health.KnownCodes;
import vn.ioc.reference.ReferenceData;
import vn.ioc.tools.ProjectFiles;

/**
 * A bounded recompute across the 2025 reform, on the province's reference data: districts until 30
 * June 2025, communes from 1 July, and the province's totals continuous across it. A report of July
 * that still names its district counts for its unit and the province, not for the district that
 * ended.
 */
class ReformPipelineTest {
  @RegisterExtension static final MiniClusterExtension CLUSTER = SubmissionsPipelineTest.CLUSTER;

  static final String VINH = "000.00.31.H40";
  static final String VINH_HUNG = "000.17920.H40";
  static final String BIRTH = "1.001193";

  static Counts c(long online, long direct, long fully, long onTime, long late) {
    return new Counts(online, direct, 0, fully, onTime, late);
  }

  static Decoded<SubmissionReport> report(
      long offset,
      String id,
      String unit,
      String district,
      String commune,
      String from,
      Counts counts) {
    String to = java.time.LocalDateTime.parse(from).plusHours(1).toString();
    SubmissionReport r = Reports.period(id, 0, unit, district, BIRTH, from, to, counts);
    r.communeCode = commune;
    return Decoded.valid(r, 0, offset).from(r.periodEnd + 60_000, unit);
  }

  @Test
  void districtsUntilTheReformCommunesAfterAndTheProvinceContinuous() throws Exception {
    List<Decoded<SubmissionReport>> in =
        List.of(
            report(0, "r1", VINH, "412", null, "2025-06-01T09:00:00", c(2, 1, 1, 2, 0)),
            report(1, "r2", VINH, "412", null, "2025-06-30T09:00:00", c(3, 1, 2, 3, 1)),
            report(2, "r3", VINH_HUNG, null, "17920", "2025-07-01T09:00:00", c(4, 0, 3, 2, 0)),
            // a sender that still names its district after the reform
            report(3, "r4", VINH, "412", null, "2025-07-01T10:00:00", c(1, 1, 0, 0, 0)),
            report(4, "r5", VINH_HUNG, null, "17920", "2025-07-31T09:00:00", c(5, 2, 4, 5, 1)));
    ZoneId zone = ZoneId.of("Asia/Ho_Chi_Minh");
    KnownCodes known = KnownCodes.from(ReferenceData.load(ProjectFiles.reference()), zone);

    SubmissionsPipelineTest.Run run = SubmissionsPipelineTest.run(in, false, known);

    Map<String, Counts> areas = new TreeMap<>();
    Map<String, Counts> vinhUnit = new TreeMap<>();
    run.snapshots()
        .forEach(
            s -> {
              if (!s.window.equals("1d") && !s.window.equals("1mo")) return;
              String day =
                  java.time.Instant.ofEpochMilli(s.windowStart)
                      .atZone(zone)
                      .toLocalDate()
                      .toString();
              String key = s.scope.tag() + " " + s.window + " " + day;
              switch (s.scope) {
                case DISTRICT -> areas.put(key + " " + s.district, s.counts);
                case COMMUNE -> areas.put(key + " " + s.commune, s.counts);
                case PROVINCE -> areas.put(key, s.counts);
                case UNIT -> {
                  if (s.unit.equals(VINH)) vinhUnit.put(key + " district " + s.district, s.counts);
                }
                default -> {}
              }
            });
    Map<String, Counts> expected = new TreeMap<>();
    expected.put("district 1d 2025-06-01 412", c(2, 1, 1, 2, 0));
    expected.put("district 1d 2025-06-30 412", c(3, 1, 2, 3, 1));
    expected.put("district 1mo 2025-06-01 412", c(5, 2, 3, 5, 1));
    expected.put("commune 1d 2025-07-01 17920", c(4, 0, 3, 2, 0));
    expected.put("commune 1d 2025-07-31 17920", c(5, 2, 4, 5, 1));
    expected.put("commune 1mo 2025-07-01 17920", c(9, 2, 7, 7, 1));
    expected.put("province 1d 2025-06-01", c(2, 1, 1, 2, 0));
    expected.put("province 1d 2025-06-30", c(3, 1, 2, 3, 1));
    expected.put("province 1d 2025-07-01", c(5, 1, 3, 2, 0));
    expected.put("province 1d 2025-07-31", c(5, 2, 4, 5, 1));
    expected.put("province 1mo 2025-06-01", c(5, 2, 3, 5, 1));
    expected.put("province 1mo 2025-07-01", c(10, 3, 7, 7, 1));
    assertEquals(expected, areas);
    assertEquals(
        Map.of(
            "unit 1d 2025-06-01 district 412", c(2, 1, 1, 2, 0),
            "unit 1d 2025-06-30 district 412", c(3, 1, 2, 3, 1),
            "unit 1mo 2025-06-01 district 412", c(5, 2, 3, 5, 1),
            "unit 1d 2025-07-01 district null", c(1, 1, 0, 0, 0),
            "unit 1mo 2025-07-01 district null", c(1, 1, 0, 0, 0)),
        vinhUnit);

    // the sender is told: its hour of July counts the district that had ended
    Map<String, Long> ended = new TreeMap<>();
    run.feedHealth()
        .forEach(
            u -> {
              Long n = u.point.longFields.get("ended_district");
              if (n != null && n > 0)
                ended.put(
                    u.point.tags.get("unit")
                        + " "
                        + java.time.Instant.ofEpochMilli(u.point.timeMillis).atZone(zone),
                    n);
            });
    assertEquals(Map.of(VINH + " 2025-07-01T11:00+07:00[Asia/Ho_Chi_Minh]", 1L), ended);
  }
}
