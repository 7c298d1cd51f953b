package vn.ioc.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import vn.ioc.reference.ReferenceData.District;
import vn.ioc.reference.ReferenceData.Service;
import vn.ioc.reference.ReferenceData.Unit;
import vn.ioc.tools.ProjectFiles;

class ReferenceDataTest {
  private static final ReferenceData NGHE_AN = load();

  private static ReferenceData load() {
    try {
      return ReferenceData.load(ProjectFiles.reference());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theTwentyOneDistrictLevelUnitsOf2024() {
    List<District> d = NGHE_AN.districts();
    assertEquals(21, d.size());
    assertEquals(
        IntStream.rangeClosed(412, 432).mapToObj(Integer::toString).toList(),
        d.stream().map(District::code).toList());
    assertTrue(d.stream().allMatch(x -> x.provinceCode().equals("40")));
    assertEquals("Thành phố Vinh", d.get(0).name());
    // District-level government ended on 1 July 2025.
    assertTrue(
        d.stream()
            .allMatch(x -> x.validTo() != null && !x.validTo().isAfter(LocalDate.of(2025, 6, 30))));
    assertEquals(21, d.stream().filter(x -> x.validOn(LocalDate.of(2024, 6, 1))).count());
    assertEquals(0, d.stream().filter(x -> x.validOn(LocalDate.of(2025, 7, 1))).count());
  }

  /** The contract's code syntax refuses no code of the province's own reference data. */
  @Test
  void everyReferenceCodeIsACode() {
    List<String> codes = new java.util.ArrayList<>();
    NGHE_AN.districts().forEach(d -> codes.addAll(List.of(d.code(), d.provinceCode())));
    NGHE_AN.units().forEach(u -> codes.add(u.code()));
    NGHE_AN.units().stream().map(Unit::districtCode).filter(c -> c != null).forEach(codes::add);
    NGHE_AN.services().forEach(x -> codes.add(x.code()));
    assertTrue(codes.size() > 150, "codes: " + codes.size());
    assertEquals(
        List.of(), codes.stream().filter(c -> !vn.ioc.feed.ContractText.isCode(c)).toList());
  }

  @Test
  void fiftyThreeServicesWithNationalCodes() {
    List<Service> s = NGHE_AN.services();
    assertEquals(53, s.size());
    assertTrue(
        s.stream().allMatch(x -> x.code().matches("[12]\\.\\d{6}")),
        "national procedure code format");
    assertTrue(s.stream().anyMatch(x -> x.code().equals("1.004227")));
    assertTrue(
        s.stream().allMatch(x -> List.of("province", "district", "commune").contains(x.level())));
    assertTrue(s.stream().anyMatch(Service::fullyOnlineCapable));
    assertTrue(s.stream().anyMatch(x -> !x.fullyOnlineCapable()));
  }

  @Test
  void unitsAreProvincialAgenciesAndDistrictOneStops() {
    LocalDate day = LocalDate.of(2024, 10, 15);
    List<Unit> valid = NGHE_AN.unitsOn(day);
    long provincial = valid.stream().filter(u -> u.districtCode() == null).count();
    long district = valid.stream().filter(u -> u.districtCode() != null).count();
    assertEquals(21, district);
    assertTrue(
        provincial >= 20 && provincial <= 30, "about two dozen provincial agencies: " + provincial);
    assertTrue(valid.stream().allMatch(u -> u.code().matches("000\\.00\\.\\d{2}\\.H40")));
    assertTrue(valid.stream().allMatch(u -> u.leaderTitle() != null && !u.sectors().isEmpty()));
    Unit justice =
        valid.stream().filter(u -> u.name().equals("Sở Tư pháp")).findFirst().orElseThrow();
    assertNull(justice.districtCode());
  }

  @Test
  void noDistrictUnitOutlivesItsDistrict() {
    assertTrue(
        NGHE_AN.unitsOn(LocalDate.of(2025, 7, 1)).stream().allMatch(u -> u.districtCode() == null));
  }

  @Test
  void csvQuotingAndRowChecks() {
    assertEquals(
        List.of(List.of("a", "b,c", "d\"e", ""), List.of("1", "2", "3", "4")),
        ReferenceData.parseCsv("a,\"b,c\",\"d\"\"e\",\r\n1,2,3,4\n"));
    assertThrows(IllegalArgumentException.class, () -> ReferenceData.parseCsv("a,\"b\n"));
  }

  @Test
  void checkRefusesDuplicatesAndDanglingDistricts() {
    LocalDate from = LocalDate.of(2020, 1, 1);
    District d = new District("412", "Vinh", "city", "40", from, LocalDate.of(2025, 6, 30));
    Unit u = new Unit("U1", "x", "999", "district-committee", List.of("district"), from, null, "t");
    assertThrows(
        IllegalArgumentException.class,
        () -> new ReferenceData(List.of(d), List.of(u), List.of()).check());
    Unit outlives =
        new Unit("U1", "x", "412", "district-committee", List.of("district"), from, null, "t");
    assertThrows(
        IllegalArgumentException.class,
        () -> new ReferenceData(List.of(d), List.of(outlives), List.of()).check());
    assertThrows(
        IllegalArgumentException.class,
        () -> new ReferenceData(List.of(d, d), List.of(), List.of()).check());
  }

  @Test
  void aUnitMayChangeItsDutiesUnderTheSameCode() {
    LocalDate from = LocalDate.of(2020, 1, 1);
    Unit before =
        new Unit(
            "U1",
            "Sở Nội vụ",
            null,
            "department",
            List.of("home-affairs"),
            from,
            LocalDate.of(2025, 2, 28),
            "t");
    Unit after =
        new Unit(
            "U1",
            "Sở Nội vụ",
            null,
            "department",
            List.of("home-affairs", "labour"),
            LocalDate.of(2025, 3, 1),
            null,
            "t");
    ReferenceData r = new ReferenceData(List.of(), List.of(before, after), List.of());
    r.check();
    assertEquals(List.of(before), r.unitsOn(LocalDate.of(2025, 2, 28)));
    assertEquals(List.of(after), r.unitsOn(LocalDate.of(2025, 3, 1)));
    Unit overlapping =
        new Unit("U1", "x", null, "department", List.of("x"), LocalDate.of(2025, 2, 1), null, "t");
    assertThrows(
        IllegalArgumentException.class,
        () -> new ReferenceData(List.of(), List.of(before, overlapping), List.of()).check());
  }

  @Test
  void successorsOfThe2025MergersTakeOverTheirSectors() {
    LocalDate after = LocalDate.of(2025, 3, 1);
    Unit home =
        NGHE_AN.unitsOn(after).stream()
            .filter(u -> u.name().equals("Sở Nội vụ"))
            .findFirst()
            .orElseThrow();
    assertTrue(home.sectors().contains("labour"));
    assertTrue(NGHE_AN.unitsOn(after).stream().noneMatch(u -> u.name().startsWith("Sở Lao động")));
    // Each code is valid at most once on any day.
    for (LocalDate day :
        List.of(
            LocalDate.of(2024, 10, 15),
            LocalDate.of(2025, 2, 28),
            after,
            LocalDate.of(2025, 7, 1))) {
      List<String> codes = NGHE_AN.unitsOn(day).stream().map(Unit::code).toList();
      assertEquals(codes.size(), new java.util.HashSet<>(codes).size(), day.toString());
    }
  }
}
