package vn.ioc.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import vn.ioc.reference.ReferenceData.Commune;
import vn.ioc.reference.ReferenceData.District;
import vn.ioc.reference.ReferenceData.Service;
import vn.ioc.reference.ReferenceData.Unit;
import vn.ioc.tools.ProjectFiles;

public class ReferenceDataTest {
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

  /**
   * Resolution 1678/NQ-UBTVQH15: from 1 July 2025, 130 commune-level units (119 xã, 11 phường)
   * formed from the 412 of 30 June 2025, each of them a predecessor of exactly one; 9 xã unchanged.
   */
  @Test
  void theHundredAndThirtyCommunesOfTodayAndWhatTheyWereFormedFrom() {
    LocalDate reform = LocalDate.of(2025, 7, 1);
    List<Commune> today = NGHE_AN.communesOn(reform);
    List<Commune> before = NGHE_AN.communesOn(reform.minusDays(1));
    assertEquals(130, today.size());
    assertEquals(119, today.stream().filter(c -> c.kind().equals("commune")).count());
    assertEquals(11, today.stream().filter(c -> c.kind().equals("ward")).count());
    assertTrue(today.stream().allMatch(c -> c.districtCode() == null && c.validTo() == null));
    assertEquals(412, before.size());
    assertTrue(before.stream().allMatch(c -> c.districtCode() != null));
    assertEquals(today, NGHE_AN.communesOn(LocalDate.of(2026, 12, 8)));

    java.util.Map<String, String> formedInto = new java.util.HashMap<>();
    for (Commune c : today) {
      List<Commune> from = NGHE_AN.predecessorsOf(c);
      assertTrue(!from.isEmpty(), c.name() + " has predecessors");
      // every new commune kept the code of one of its predecessors
      assertTrue(from.stream().anyMatch(p -> p.code().equals(c.code())), c.name());
      for (Commune p : from)
        assertNull(formedInto.put(p.code(), c.code()), p.name() + " went into one commune");
    }
    assertEquals(
        before.stream().map(Commune::code).sorted().toList(),
        formedInto.keySet().stream().sorted().toList());

    List<String> unchanged =
        today.stream()
            .filter(c -> NGHE_AN.predecessorsOf(c).size() == 1)
            .map(Commune::name)
            .sorted()
            .toList();
    assertEquals(
        List.of(
            "Xã Bình Chuẩn",
            "Xã Bắc Lý",
            "Xã Châu Bình",
            "Xã Huồi Tụ",
            "Xã Hữu Khuông",
            "Xã Keng Đu",
            "Xã Lượng Minh",
            "Xã Mường Lống",
            "Xã Mỹ Lý"),
        unchanged);

    // item 118 of the resolution: phường Hưng Đông, phường Quán Bàu, xã Nghi Kim and xã Nghi Liên
    // (of Thành phố Vinh) become phường Vinh Hưng, which keeps Nghi Kim's code
    Commune vinhHung =
        today.stream().filter(c -> c.code().equals("17920")).findFirst().orElseThrow();
    assertEquals("Phường Vinh Hưng", vinhHung.name());
    assertEquals("412", NGHE_AN.formerDistrict(vinhHung));
    // Nghệ An merged communes within their districts only
    assertEquals(0, today.stream().filter(NGHE_AN::formedAcrossDistricts).count());
    assertEquals(
        List.of(
            "16670 Phường Quán Bàu 412",
            "16705 Phường Hưng Đông 412",
            "17908 Xã Nghi Liên 412",
            "17920 Xã Nghi Kim 412"),
        NGHE_AN.predecessorsOf(vinhHung).stream()
            .map(p -> p.code() + " " + p.name() + " " + p.districtCode())
            .sorted()
            .toList());
  }

  /** On every day, every receiving unit belongs to an area (its district or commune) valid then. */
  @Test
  void everyUnitBelongsToAnAreaValidThatDay() {
    for (LocalDate d = LocalDate.of(2024, 1, 1);
        d.isBefore(LocalDate.of(2027, 1, 1));
        d = d.plusDays(1)) {
      LocalDate day = d;
      for (Unit u : NGHE_AN.unitsOn(day)) {
        if (u.districtCode() != null)
          assertTrue(
              NGHE_AN.districts().stream()
                  .anyMatch(x -> x.code().equals(u.districtCode()) && x.validOn(day)),
              u.code() + " on " + day);
        if (u.communeCode() != null)
          assertTrue(
              NGHE_AN.communesOn(day).stream().anyMatch(c -> c.code().equals(u.communeCode())),
              u.code() + " on " + day);
      }
    }
    // from the reform, a one-stop centre per commune and the province's
    List<Unit> today = NGHE_AN.unitsOn(LocalDate.of(2025, 7, 1));
    assertEquals(130, today.stream().filter(u -> u.communeCode() != null).count());
    assertEquals(
        "Trung tâm Phục vụ hành chính công phường Vinh Hưng",
        today.stream()
            .filter(u -> "17920".equals(u.communeCode()))
            .findFirst()
            .orElseThrow()
            .name());
    assertTrue(
        today.stream()
            .anyMatch(u -> u.name().equals("Trung tâm Phục vụ hành chính công tỉnh Nghệ An")));
  }

  /** A commune formed across two districts counts for the one most of its predecessors had. */
  /**
   * A province of two districts whose commune "2" (Xã Mới) was formed on 1 July 2025 from one
   * commune of 429 and two of 430.
   */
  public static ReferenceData formedAcrossDistricts() {
    LocalDate reform = LocalDate.of(2025, 7, 1);
    LocalDate from = LocalDate.of(2024, 12, 1);
    LocalDate to = reform.minusDays(1);
    List<Commune> communes =
        List.of(
            new Commune("1", "Xã A", "commune", "429", "40", from, to),
            new Commune("2", "Xã B", "commune", "430", "40", from, to),
            new Commune("3", "Xã C", "commune", "430", "40", from, to),
            new Commune("2", "Xã Mới", "commune", null, "40", reform, null));
    return new ReferenceData(
        List.of(
            new District("429", "Huyện Nghi Lộc", "rural-district", "40", from, to),
            new District("430", "Huyện Nam Đàn", "rural-district", "40", from, to)),
        communes,
        List.of(
            new ReferenceData.Predecessor("2", "1", reform),
            new ReferenceData.Predecessor("2", "2", reform),
            new ReferenceData.Predecessor("2", "3", reform)),
        List.of(),
        List.of());
  }

  @Test
  void aCommuneFormedAcrossDistrictsCountsForTheDistrictOfMostOfItsPredecessors() {
    ReferenceData data = formedAcrossDistricts();
    data.check();
    Commune formed = data.communes().get(3);
    assertEquals("430", data.formerDistrict(formed));
    assertTrue(data.formedAcrossDistricts(formed));
  }

  @Test
  void aPredecessorMustBeACommuneTheDayBefore() {
    LocalDate reform = LocalDate.of(2025, 7, 1);
    Commune old =
        new Commune(
            "100", "Xã Cũ", "commune", null, "40", LocalDate.of(2020, 1, 1), reform.minusDays(2));
    Commune formed = new Commune("101", "Xã Mới", "commune", null, "40", reform, null);
    ReferenceData data =
        new ReferenceData(
            List.of(),
            List.of(old, formed),
            List.of(new ReferenceData.Predecessor("101", "100", reform)),
            List.of(),
            List.of());
    assertEquals(
        "commune 101 formed on 2025-07-01: its predecessor 100 is not a commune valid on"
            + " 2025-06-30",
        assertThrows(IllegalArgumentException.class, data::check).getMessage());
    ReferenceData unknown =
        new ReferenceData(
            List.of(),
            List.of(formed),
            List.of(),
            List.of(
                new Unit(
                    "U9", "x", null, "commune-centre", List.of("local"), reform, null, "t", "999")),
            List.of());
    assertEquals(
        "unit U9: unknown commune 999",
        assertThrows(IllegalArgumentException.class, unknown::check).getMessage());
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

  @Test
  void theUnitDoingAnEndedUnitsWorkIsTheOneThatTookOverItsSectors() {
    LocalDate today = LocalDate.of(2026, 12, 8);
    java.util.Map<String, String> successors = new java.util.TreeMap<>();
    for (String code :
        List.of(
            "000.00.01",
            "000.00.02",
            "000.00.05",
            "000.00.06",
            "000.00.07",
            "000.00.11",
            "000.00.12",
            "000.00.13",
            "000.00.14",
            "000.00.16")) successors.put(code, NGHE_AN.successorOn(code + ".H40", today).name());
    assertEquals(
        java.util.Map.of(
            "000.00.01", "Sở Tư pháp",
            "000.00.02", "Sở Tài chính",
            "000.00.05", "Sở Xây dựng",
            "000.00.06", "Sở Nông nghiệp và Môi trường",
            "000.00.07", "Sở Nông nghiệp và Môi trường",
            "000.00.11", "Sở Nội vụ",
            "000.00.12", "Sở Văn hoá, Thể thao và Du lịch",
            "000.00.13", "Sở Văn hoá, Thể thao và Du lịch",
            "000.00.14", "Sở Khoa học và Công nghệ",
            "000.00.16", "Sở Nội vụ"),
        successors);
    // before the mergers each is itself; a code never listed, or a day before a unit formed: none
    assertEquals(
        "Sở Thông tin và Truyền thông",
        NGHE_AN.successorOn("000.00.14.H40", LocalDate.of(2025, 2, 28)).name());
    assertEquals(null, NGHE_AN.successorOn("000.00.99.H40", today));
    assertEquals(null, NGHE_AN.successorOn("000.00.23.H40", LocalDate.of(2024, 10, 15)));
    // a district one-stop of 2024: its "local" work went to 130 commune centres, not one unit
    assertEquals(null, NGHE_AN.successorOn(districtOneStop(), today));
  }

  private static String districtOneStop() {
    return NGHE_AN.unitsOn(LocalDate.of(2024, 10, 15)).stream()
        .filter(u -> u.kind().equals("district-committee"))
        .findFirst()
        .orElseThrow()
        .code();
  }
}
