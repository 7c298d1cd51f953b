package vn.ioc.alerting.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.ioc.alerting.Province;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.config.IocConfig;
import vn.ioc.launcher.JobRunner;
import vn.ioc.reference.Directory;
import vn.ioc.tools.ProjectFiles;

/**
 * Who the weekly report goes to: the chair by default, nobody when empty, one line when unknown.
 */
class WeeklyReportSettingTest {
  static final Province NGHE_AN =
      JobRunner.province(
          IocConfig.of(
              Map.of(
                  "reference-dir",
                  ProjectFiles.root().resolve("deploy/reference/nghe-an").toString())));

  static String to(Map<String, String> settings, Province province) {
    return new AlertingJob(IocConfig.of(settings), true, AlertingJob.Rules.of(Map.of()), province)
        .weeklyReportTo();
  }

  @Test
  void theChairByDefaultNobodyWhenEmpty() {
    assertEquals("ubnd.chu-tich", to(Map.of(), NGHE_AN));
    assertEquals("Chủ tịch UBND tỉnh", NGHE_AN.directory().people().get("ubnd.chu-tich").name());
    assertEquals("lead.01", to(Map.of("alerting.weekly-report-to", " lead.01 "), NGHE_AN));
    assertNull(to(Map.of("alerting.weekly-report-to", ""), NGHE_AN));
    Province none =
        new Province(new Directory(Map.of(), Map.of()), Map.of(), WorkingDays.weekendsOnly());
    assertNull(to(Map.of(), none), "without reference data nobody can be told");
  }

  @Test
  void aPersonPeopleCsvLacksIsRefusedInOneLine() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> to(Map.of("alerting.weekly-report-to", "chu-tich"), NGHE_AN));
    assertEquals(
        "setting alerting.weekly-report-to = 'chu-tich': no person chu-tich in people.csv of the"
            + " reference data (empty: no weekly report)",
        e.getMessage());
  }
}
