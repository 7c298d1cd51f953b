package vn.ioc.alerting.weekly;

import java.util.List;
import java.util.Map;

/**
 * What one weekly report says: the province's counts by kind of item at the report's time, the
 * items that became late, at risk or completed since the last report, and each unit's applications
 * in the week and the week before.
 */
public record WeekFigures(
    ReportWeek week,
    Map<String, ProgrammeCounts> counts,
    List<ItemView> becameLate,
    List<ItemView> becameAtRisk,
    List<ItemView> completed,
    List<UnitWeeks> units) {

  /** A unit's applications received and received online, this week and the week before. */
  public record UnitWeeks(
      String unit, long received, long online, long receivedBefore, long onlineBefore) {
    /** Online / received in percent; NaN without applications. */
    double rate() {
      return received == 0 ? Double.NaN : 100.0 * online / received;
    }
  }
}
