package vn.ioc.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import vn.ioc.config.IocConfig;
import vn.ioc.reference.ReferenceData;
import vn.ioc.reference.ReferenceData.Unit;
import vn.ioc.tools.ProjectFiles;

/**
 * The default cap on unit×service series fits the province of any day of its reference data with
 * every service reported, twice over, and both structures at once around the reform (the series of
 * June 2025 keep their state while their windows are within the horizon).
 */
class SeriesCapTest {
  static long series(ReferenceData reference, LocalDate day) {
    long n = 0;
    for (Unit u : reference.unitsOn(day))
      n += ProvinceModel.receives(u, reference.servicesOn(day)).size();
    return n;
  }

  @Test
  void theDefaultCapFitsTheProvinceTwice() throws Exception {
    ReferenceData reference = ReferenceData.load(ProjectFiles.reference());
    int cap = IocConfig.of(java.util.Map.of()).get(IocConfig.MAX_SERIES_PER_SCOPE);
    assertEquals(433, series(reference, LocalDate.of(2024, 10, 15)));
    assertEquals(2531, series(reference, LocalDate.of(2025, 7, 1)));
    long most = 0;
    for (LocalDate d = LocalDate.of(2024, 1, 1);
        d.isBefore(LocalDate.of(2028, 1, 1));
        d = d.plusDays(1)) most = Math.max(most, series(reference, d));
    assertTrue(2 * most <= cap, "cap " + cap + " for " + most + " series");
    LocalDate reform = LocalDate.of(2025, 7, 1);
    assertTrue(
        series(reference, reform.minusDays(1)) + series(reference, reform) <= cap,
        "both structures at once");
  }
}
