package vn.ioc.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.feed.ContractViolation;
import vn.ioc.reference.ReferenceData;
import vn.ioc.simulator.Emission.Kind;
import vn.ioc.simulator.ProvinceModel.ReportStyle;
import vn.ioc.simulator.ProvinceModel.UnitProfile;
import vn.ioc.submissions.SubmissionDecoder;
import vn.ioc.submissions.SubmissionReport;
import vn.ioc.tools.ProjectFiles;

class SimulationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final LocalDate MONDAY = LocalDate.of(2024, 10, 14);

  /** The province's public administration service centre, from 1 July 2025. */
  private static final String CENTRE = "000.00.52.H40";

  private static ReferenceData reference;
  private static WorkingDays calendar;

  @BeforeAll
  static void load() throws Exception {
    reference = ReferenceData.load(ProjectFiles.reference());
    calendar = WorkingDays.load(ProjectFiles.root().resolve("deploy/calendar"));
  }

  private static Simulation.Settings settings(long seed, int days, Anomalies anomalies) {
    return settings(MONDAY, seed, days, anomalies);
  }

  private static Simulation.Settings settings(
      LocalDate from, long seed, int days, Anomalies anomalies) {
    Instant start = from.atStartOfDay(HCM).toInstant();
    return new Simulation.Settings(
        new ProvinceModel(reference, seed, 6, 1.0),
        seed,
        start,
        start.plus(Duration.ofDays(days)),
        HCM,
        "40",
        anomalies,
        calendar);
  }

  private static List<String> lines(List<Emission> es) {
    return es.stream().map(Emission::line).toList();
  }

  @Test
  void theSameSeedGivesTheSameBytesAndAnotherSeedAnotherFeed() {
    List<Emission> a = Simulation.all(settings(42, 3, Anomalies.DEFAULT));
    List<Emission> b = Simulation.all(settings(42, 3, Anomalies.DEFAULT));
    assertEquals(lines(a), lines(b));
    assertEquals(
        a.stream().map(Emission::arrival).toList(), b.stream().map(Emission::arrival).toList());
    assertNotEquals(lines(a), lines(Simulation.all(settings(7, 3, Anomalies.DEFAULT))));
  }

  @Test
  void messagesComeInArrivalOrderAndNeverBeforeTheirPeriodEnds() throws Exception {
    List<Emission> all = Simulation.all(settings(42, 7, Anomalies.DEFAULT));
    for (int i = 1; i < all.size(); i++) {
      assertTrue(all.get(i - 1).compareTo(all.get(i)) <= 0, "out of order at " + i);
    }
    SubmissionDecoder decoder = new SubmissionDecoder();
    for (Emission e : all) {
      if (e.kind() == Kind.MALFORMED) continue;
      SubmissionReport r = decoder.decode(e.line().getBytes(StandardCharsets.UTF_8));
      assertTrue(e.arrival() >= r.eventTime(), "arrives before its period ends: " + e);
    }
  }

  @Test
  void aRunThatContinuesAfterAPositionSendsExactlyWhatAnUninterruptedRunSendsNext() {
    Simulation.Settings s = settings(42, 7, Anomalies.DEFAULT);
    List<Emission> all = Simulation.all(s);
    for (int cut : new int[] {1, 777, all.size() / 2, all.size() - 5}) {
      Emission last = all.get(cut - 1);
      List<Emission> rest = new ArrayList<>();
      new Simulation(s, new Simulation.Position(last.arrival(), last.line()))
          .forEachRemaining(rest::add);
      assertEquals(lines(all.subList(cut, all.size())), lines(rest), "continuing after " + cut);
    }
  }

  /**
   * The simulated province follows the structure valid on each day: the week before the reform its
   * district one-stops report with their district, the week after its commune centres with their
   * commune (and no district), and the province's service centre its province-level procedures; the
   * local traffic stays of the same order.
   */
  @Test
  void beforeTheReformDistrictsReportAfterItCommunes() throws Exception {
    SubmissionDecoder decoder = new SubmissionDecoder();
    Map<String, Set<String>> areas = new java.util.TreeMap<>();
    Map<String, Long> localReceived = new java.util.TreeMap<>();
    for (Emission e : Simulation.all(settings(LocalDate.of(2025, 6, 23), 42, 14, Anomalies.NONE))) {
      SubmissionReport r = decoder.decode(e.line().getBytes(StandardCharsets.UTF_8));
      LocalDate day = Instant.ofEpochMilli(r.periodStart).atZone(HCM).toLocalDate();
      String week = day.isBefore(LocalDate.of(2025, 7, 1)) ? "before" : "after";
      String area =
          r.districtCode != null
              ? "district"
              : r.communeCode != null ? "commune" : r.unitCode.equals(CENTRE) ? "centre" : "agency";
      areas.computeIfAbsent(week + " " + area, k -> new HashSet<>()).add(r.unitCode);
      if (r.districtCode != null && r.communeCode != null) fail("both areas: " + e.line());
      boolean weekday = day.getDayOfWeek().getValue() <= 5;
      if (weekday && (area.equals("district") || area.equals("commune")))
        localReceived.merge(week, r.counts.received(), Long::sum);
    }
    // 21 district one-stops until Cửa Lò joined Vinh: 20 in June 2025
    assertEquals(20, areas.get("before district").size());
    assertEquals(130, areas.get("after commune").size());
    assertEquals(null, areas.get("after district"));
    assertEquals(null, areas.get("before commune"));
    assertEquals(Set.of(CENTRE), areas.get("after centre"));
    // six weekdays before (23–27 and 30 June), four after (1–4 July): of the same order a day
    double before = localReceived.get("before") / 6.0;
    double after = localReceived.get("after") / 4.0;
    assertTrue(after > 0.5 * before && after < 2 * before, before + " a day before, " + after);
  }

  @Test
  void agenciesThatCloseOnWeekendsSendNothingAboutThemAndReportOnlyInOfficeHours()
      throws Exception {
    ProvinceModel model = new ProvinceModel(reference, 42, 6, 1.0);
    Map<String, UnitProfile> units = new HashMap<>();
    model.unitsOn(MONDAY).forEach(u -> units.put(u.unit().code(), u));
    Map<DayOfWeek, Set<String>> reportingOn = new HashMap<>();
    SubmissionDecoder decoder = new SubmissionDecoder();
    for (Emission e : Simulation.all(settings(42, 14, Anomalies.DEFAULT))) {
      if (e.kind() == Kind.MALFORMED) continue;
      SubmissionReport r = decoder.decode(e.line().getBytes(StandardCharsets.UTF_8));
      ZonedDateTime start = Instant.ofEpochMilli(r.periodStart).atZone(HCM);
      UnitProfile u = units.get(r.unitCode);
      reportingOn.computeIfAbsent(start.getDayOfWeek(), d -> new HashSet<>()).add(r.unitCode);
      assertTrue(
          u.openHours(start.toLocalDate(), calendar).length > 0,
          r.unitCode + " is closed on " + start.getDayOfWeek() + ": " + e.line());
      if (u.style() == ReportStyle.DAILY) {
        assertEquals(0, start.getHour(), e.line());
        assertEquals(Duration.ofDays(1).toMillis(), r.periodEnd - r.periodStart, e.line());
      } else {
        int minuteOfDay = start.getHour() * 60 + start.getMinute();
        boolean office =
            (minuteOfDay >= 7 * 60 && minuteOfDay < 11 * 60 + 30)
                || (minuteOfDay >= 13 * 60 && minuteOfDay < 17 * 60);
        assertTrue(office, "outside office hours: " + e.line());
      }
    }
    long closedSunday = units.values().stream().filter(u -> !u.openSunday()).count();
    assertTrue(closedSunday > 30, "most agencies close on Sunday: " + closedSunday);
    for (String unit : reportingOn.get(DayOfWeek.SUNDAY)) {
      assertTrue(units.get(unit).openSunday(), unit);
    }
    assertEquals(
        units.values().stream().filter(UnitProfile::openSunday).map(u -> u.unit().code()).toList(),
        List.copyOf(new java.util.TreeSet<>(reportingOn.get(DayOfWeek.SUNDAY))),
        "the agencies open on Sunday (the police) do report then");
    assertTrue(
        reportingOn.get(DayOfWeek.MONDAY).size() > reportingOn.get(DayOfWeek.SATURDAY).size(),
        "fewer agencies on Saturday");
  }

  @Test
  void officialDaysOffCloseEveryAgencyAndAMakeUpSaturdayOpensThemAll() throws Exception {
    // 26 April to 5 May 2024: Monday 29 April to Wednesday 1 May off, Saturday 4 May worked
    Map<LocalDate, Set<String>> reporting = new HashMap<>();
    SubmissionDecoder decoder = new SubmissionDecoder();
    for (Emission e : Simulation.all(settings(LocalDate.of(2024, 4, 26), 42, 10, Anomalies.NONE))) {
      SubmissionReport r = decoder.decode(e.line().getBytes(StandardCharsets.UTF_8));
      LocalDate day = Instant.ofEpochMilli(r.periodStart).atZone(HCM).toLocalDate();
      reporting.computeIfAbsent(day, x -> new HashSet<>()).add(r.unitCode);
    }
    for (String off : new String[] {"2024-04-29", "2024-04-30", "2024-05-01"}) {
      assertEquals(null, reporting.get(LocalDate.parse(off)), "nobody reports on " + off);
    }
    Set<String> friday = reporting.get(LocalDate.of(2024, 5, 3));
    assertEquals(
        friday, reporting.get(LocalDate.of(2024, 5, 4)), "a make-up Saturday is a weekday");
    assertTrue(
        reporting.get(LocalDate.of(2024, 4, 27)).size() < friday.size(),
        "an ordinary Saturday: district one-stops and the police only");
  }

  @Test
  void theConfiguredSharesOfLateRedeliveredAndCorrectedReportsAppear() throws Exception {
    Anomalies a = new Anomalies(0.03, 0.02, 0.04, 0.01, 0);
    List<Emission> all = Simulation.all(settings(42, 14, a));
    SubmissionDecoder decoder = new SubmissionDecoder();
    Set<String> seen = new HashSet<>();
    int originals = 0;
    int periodOriginals = 0;
    int redelivered = 0;
    int corrections = 0;
    int late = 0;
    for (Emission e : all) {
      if (e.kind() == Kind.MALFORMED) continue;
      SubmissionReport r = decoder.decode(e.line().getBytes(StandardCharsets.UTF_8));
      if (!seen.add(e.line())) {
        redelivered++;
        continue;
      }
      if (r.revision > 0) {
        corrections++;
        continue;
      }
      originals++;
      if (r.hasPeriodEnd) periodOriginals++;
      if (e.arrival() - r.eventTime() > Duration.ofHours(2).toMillis()
          && !r.reportId.startsWith("daily/")) late++;
    }
    assertTrue(originals > 12_000, "enough reports to measure shares: " + originals);
    assertShare("re-delivered", redelivered, originals, a.redelivery());
    assertShare("corrected", corrections, periodOriginals, a.correction());
    assertShare("late", late, originals, a.late());
  }

  /** Within five standard deviations of the binomial: fails on a wrong share, not on chance. */
  private static void assertShare(String what, int count, int n, double share) {
    double mean = n * share;
    double sd = Math.sqrt(n * share * (1 - share));
    assertTrue(
        Math.abs(count - mean) <= 5 * sd,
        what + ": " + count + " of " + n + ", expected about " + Math.round(mean));
  }

  @Test
  void everyMalformedMessageIsRefusedByTheDecoderForItsReasonAndEveryOtherIsAccepted() {
    List<Emission> all =
        Simulation.all(settings(42, 7, new Anomalies(0.01, 0.005, 0.005, 0.05, 6)));
    SubmissionDecoder decoder = new SubmissionDecoder();
    Set<Malformation> kinds = EnumSet.noneOf(Malformation.class);
    int malformed = 0;
    for (Emission e : all) {
      try {
        decoder.decode(e.line().getBytes(StandardCharsets.UTF_8));
        assertNotEquals(Kind.MALFORMED, e.kind(), "accepted: " + e.line());
      } catch (ContractViolation v) {
        assertEquals(Kind.MALFORMED, e.kind(), "refused (" + v.reason() + "): " + e.line());
        assertEquals(e.expectedReason(), v.reason(), e.line());
        malformed++;
        for (Malformation m : Malformation.values()) if (m.reason.equals(v.reason())) kinds.add(m);
      }
    }
    assertEquals(EnumSet.allOf(Malformation.class), kinds, "every way of breaking the contract");
    assertTrue(malformed > 100, "malformed: " + malformed);
  }

  @Test
  void eachWeekOneAgencyFallsSilentForTheConfiguredHoursOfAWorkingDay() throws Exception {
    Simulation.Settings quiet = settings(42, 14, new Anomalies(0, 0, 0, 0, 0));
    Simulation.Settings silent = settings(42, 14, new Anomalies(0, 0, 0, 0, 6));
    Set<String> all = new HashSet<>(lines(Simulation.all(quiet)));
    List<String> missing = new ArrayList<>(all);
    missing.removeAll(new HashSet<>(lines(Simulation.all(silent))));
    assertTrue(!missing.isEmpty(), "someone falls silent");
    Map<String, Set<LocalDate>> silentDays = new HashMap<>();
    for (String line : missing) {
      JsonNode m = JSON.readTree(line);
      OffsetDateTime start = OffsetDateTime.parse(m.get("periodStart").asText());
      int hour = start.getHour();
      assertTrue(hour >= 9 && hour < 15, "silent from 09:00 for 6 hours: " + line);
      assertTrue(start.getDayOfWeek().getValue() <= 5, "on a working day: " + line);
      silentDays
          .computeIfAbsent(m.get("unitCode").asText(), u -> new HashSet<>())
          .add(start.toLocalDate());
    }
    // one silence per week; two weeks simulated (the same agency may be chosen twice)
    assertEquals(2, silentDays.values().stream().mapToInt(Set::size).sum(), silentDays.toString());
    for (String line : all) {
      if (missing.contains(line)) continue;
      JsonNode m = JSON.readTree(line);
      if (!silentDays.containsKey(m.get("unitCode").asText())) continue;
      OffsetDateTime start = OffsetDateTime.parse(m.get("periodStart").asText());
      if (silentDays.get(m.get("unitCode").asText()).contains(start.toLocalDate())
          && start.getHour() >= 9
          && start.getHour() < 15) fail("a report during the silence was sent: " + line);
    }
  }

  @Test
  void onlineSharesDifferByAgencyAndServiceAndDriftOverWeeks() {
    ProvinceModel model = new ProvinceModel(reference, 42, 6, 1.0);
    double lowest = 1;
    double highest = 0;
    double largestDrift = 0;
    for (UnitProfile u : model.unitsOn(MONDAY)) {
      for (ProvinceModel.ServiceProfile s : u.services()) {
        double first = ProvinceModel.onlineShare(s, MONDAY);
        lowest = Math.min(lowest, first);
        highest = Math.max(highest, first);
        for (int w = 1; w <= 12; w++) {
          double later = ProvinceModel.onlineShare(s, MONDAY.plusWeeks(w));
          largestDrift = Math.max(largestDrift, Math.abs(later - first));
        }
      }
    }
    assertTrue(highest - lowest > 0.5, "shares from " + lowest + " to " + highest);
    assertTrue(largestDrift > 0.08, "drift over twelve weeks: " + largestDrift);
  }
}
