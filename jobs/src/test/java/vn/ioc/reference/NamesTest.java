package vn.ioc.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.ioc.tools.ProjectFiles;

/** Names joined from the reference data by the day they are for. */
class NamesTest {
  static final Names NGHE_AN = load();

  static Names load() {
    try {
      return Names.of(ReferenceData.load(ProjectFiles.reference()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aCodeKeptAcrossTheReformHasTheNameOfItsDay() {
    // 17920: Xã Nghi Kim of Thành phố Vinh, then Phường Vinh Hưng, formed from it and three others
    assertEquals("Xã Nghi Kim", NGHE_AN.commune("17920", LocalDate.of(2025, 6, 30)));
    assertEquals("Phường Vinh Hưng", NGHE_AN.commune("17920", LocalDate.of(2025, 7, 1)));
    assertEquals("Phường Vinh Hưng", NGHE_AN.commune("17920", LocalDate.of(2026, 12, 8)));
    // before the first row listed: the earliest name
    assertEquals("Xã Nghi Kim", NGHE_AN.commune("17920", LocalDate.of(2024, 1, 1)));
  }

  @Test
  void areasUnitsAndServicesByDay() {
    assertEquals("Thị xã Cửa Lò", NGHE_AN.district("413", LocalDate.of(2024, 11, 30)));
    // after its end: the name it last had
    assertEquals("Thị xã Cửa Lò", NGHE_AN.district("413", LocalDate.of(2025, 1, 1)));
    assertEquals(
        "Trung tâm Phục vụ hành chính công phường Vinh Hưng",
        NGHE_AN.unit("000.17920.H40", LocalDate.of(2025, 7, 1)));
    assertEquals("Đăng ký khai sinh", NGHE_AN.service("1.001193", LocalDate.of(2025, 7, 1)));
    assertNull(NGHE_AN.unit("000.00.99.H40", LocalDate.of(2025, 7, 1)));
    assertEquals("000.00.99.H40", NGHE_AN.unitOrCode("000.00.99.H40", LocalDate.of(2025, 7, 1)));
    assertNull(NGHE_AN.commune(null, LocalDate.of(2025, 7, 1)));
  }

  @Test
  void unitsNamedOnEveryDay() {
    Names n = Names.ofUnits(Map.of("U1", "Sở Thử nghiệm"));
    assertEquals("Sở Thử nghiệm", n.unit("U1", LocalDate.of(1990, 1, 1)));
    assertNull(n.district("412", LocalDate.of(2024, 1, 1)));
  }
}
