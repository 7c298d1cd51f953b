package vn.ioc.tools.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.ioc.reference.Names;
import vn.ioc.reference.ReferenceData;
import vn.ioc.tools.ProjectFiles;

/** The programme for analysts: items at the end of a day, summaries at the end of each period. */
public class ProgrammeExportTest {
  static Names names() throws Exception {
    return Names.of(ReferenceData.load(ProjectFiles.reference()));
  }

  /** {@link #task()} exported as of 31 March 2024. */
  public static final String TASK_CSV =
      "\uFEFFas_of,item,kind,title,group,owner_unit_code,owner_unit_name,responsible,deadline,"
          + "status,progress_pct,expected_pct,overdue_days,overdue_working_days,"
          + "completed_late_days,days_since_report,stale,at_risk\r\n"
          + "2024-03-31,DA06-NV-1.2,TASK,\"Kết nối dữ liệu, \"\"làm sạch\"\" dữ liệu\","
          + "Nhóm 1: Hoàn thiện thể chế,000.00.14.H40,Sở Thông tin và Truyền thông,"
          + "Phó Giám đốc Sở Thông tin và Truyền thông,2024-03-15,IN_PROGRESS,62.50,100.00,16,"
          + "10,0,4,0,1\r\n";

  /** An overdue task of the reference programme as its item_status point says it. */
  public static ProgrammeExport.Point task() {
    return new ProgrammeExport.Point(
        LocalDateTime.parse("2024-03-31T00:00"),
        Map.of("item", "DA06-NV-1.2", "kind", "TASK"),
        Map.ofEntries(
            Map.entry("title", "Kết nối dữ liệu, \"làm sạch\" dữ liệu"),
            Map.entry("group", "Nhóm 1: Hoàn thiện thể chế"),
            Map.entry("owner_unit", "000.00.14.H40"),
            Map.entry("responsible", "Phó Giám đốc Sở Thông tin và Truyền thông"),
            Map.entry("deadline", "2024-03-15"),
            Map.entry("status", "IN_PROGRESS"),
            Map.entry("progress_pct", 62.5),
            Map.entry("expected_pct", 100.0),
            Map.entry("overdue_days", 16.0),
            Map.entry("overdue_working_days", 10.0),
            Map.entry("completed_late_days", 0.0),
            Map.entry("days_since_report", 4.0),
            Map.entry("stale", 0.0),
            Map.entry("at_risk", 1.0)));
  }

  @Test
  void anItemAtTheEndOfADayWithItsOwnerNamedAsThatDay() throws Exception {
    Table t = ProgrammeExport.items(List.of(task()), LocalDate.parse("2024-03-31"), names());
    assertEquals(TASK_CSV, new String(t.csv(), StandardCharsets.UTF_8));
  }

  @Test
  void aSummaryPerPeriodIsItsNewestPointThere() throws Exception {
    Map<String, String> owner =
        Map.of("kind", "TASK", "scope", "owner_unit", "owner_unit", "000.00.20.H40");
    List<ProgrammeExport.Point> points =
        List.of(
            summary("2024-03-30T00:00", owner, 10, 2),
            summary("2024-03-31T00:00", owner, 10, 3),
            summary("2024-03-27T16:05", owner, 10, 1),
            summary("2024-04-02T00:00", owner, 10, 4));
    Table t = ProgrammeExport.summaries(points, Period.QUARTER, names());
    assertEquals(
        "[{\"period\":\"2024-Q1\",\"as_of\":\"2024-03-31 00:00\",\"kind\":\"TASK\","
            + "\"scope\":\"owner_unit\",\"group\":null,\"owner_unit_code\":\"000.00.20.H40\","
            + "\"owner_unit_name\":\"Công an tỉnh Nghệ An\",\"total\":10,\"completed\":3,"
            + "\"in_progress\":7,\"not_started\":0,\"overdue\":1,\"at_risk\":0,\"stale\":0,"
            + "\"completed_pct\":30.00,\"completed_on_time_pct\":null},"
            + "{\"period\":\"2024-Q2\",\"as_of\":\"2024-04-02 00:00\",\"kind\":\"TASK\","
            + "\"scope\":\"owner_unit\",\"group\":null,\"owner_unit_code\":\"000.00.20.H40\","
            + "\"owner_unit_name\":\"Công an tỉnh Nghệ An\",\"total\":10,\"completed\":4,"
            + "\"in_progress\":6,\"not_started\":0,\"overdue\":1,\"at_risk\":0,\"stale\":0,"
            + "\"completed_pct\":40.00,\"completed_on_time_pct\":null}]\n",
        new String(t.json(), StandardCharsets.UTF_8));
  }

  private static ProgrammeExport.Point summary(
      String at, Map<String, String> tags, long total, long completed) {
    return new ProgrammeExport.Point(
        LocalDateTime.parse(at),
        tags,
        Map.of(
            "total",
            (double) total,
            "completed",
            (double) completed,
            "in_progress",
            (double) (total - completed),
            "not_started",
            0.0,
            "overdue",
            1.0,
            "at_risk",
            0.0,
            "stale",
            0.0,
            "completed_pct",
            100.0 * completed / total));
  }
}
