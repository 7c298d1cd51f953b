package vn.ioc.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.ioc.reference.ReferenceData;
import vn.ioc.tools.ProjectFiles;

/**
 * The reference programme of {@code deploy/programme/nghe-an-2024/}: its report history, read with
 * the contract's rule (per item the newest report by reportedAt, ties to the larger reportId), must
 * give the seed's figures as of 31 March 2024: 38 models, 6 completed, 20 in progress, 12 not
 * started; 51 tasks in 10 groups, 10 of them completed after their deadline.
 */
class ProgrammeReferenceTest {
  static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
  static final long END_OF_Q1 =
      OffsetDateTime.parse("2024-04-01T00:00:00+07:00").toInstant().toEpochMilli();
  static final LocalDate TODAY = LocalDate.of(2024, 3, 31);
  static Path dir;
  static List<ProgressReport> reports = new ArrayList<>();
  static Map<String, ProgressReport> newest = new TreeMap<>();

  @BeforeAll
  static void read() throws Exception {
    dir = ProjectFiles.root().resolve("deploy/programme/nghe-an-2024");
    ProgressDecoder decoder = new ProgressDecoder();
    for (String line : Files.readAllLines(dir.resolve("reports.jsonl"), StandardCharsets.UTF_8)) {
      reports.add(decoder.decode(line.getBytes(StandardCharsets.UTF_8))); // every one is valid
    }
    for (ProgressReport r : reports) {
      if (r.reportedAt >= END_OF_Q1) continue;
      ProgressReport before = newest.get(r.itemId);
      if (before == null
          || r.reportedAt > before.reportedAt
          || (r.reportedAt == before.reportedAt && r.reportId.compareTo(before.reportId) > 0)) {
        newest.put(r.itemId, r);
      }
    }
  }

  private static Map<String, Integer> statuses(String kind) {
    Map<String, Integer> out = new TreeMap<>();
    for (ProgressReport r : newest.values())
      if (r.kind.equals(kind)) out.merge(r.status, 1, Integer::sum);
    return out;
  }

  @Test
  void atTheEndOfTheFirstQuarterTheModelsAreAsTheProvinceReported() {
    assertEquals(Map.of("COMPLETED", 6, "IN_PROGRESS", 20, "NOT_STARTED", 12), statuses("MODEL"));
  }

  @Test
  void fiftyOneTasksInTenGroupsTenOfThemCompletedLate() {
    assertEquals(51, statuses("TASK").values().stream().mapToInt(Integer::intValue).sum());
    Set<String> groups = new TreeSet<>();
    int late = 0;
    for (ProgressReport r : newest.values()) {
      if (!r.kind.equals("TASK")) continue;
      groups.add(r.group);
      if (r.status.equals("COMPLETED") && r.completedAt > r.deadline) late++;
    }
    assertEquals(10, groups.size(), groups.toString());
    assertEquals(10, late);
  }

  @Test
  void someItemsAreOverdueAndSomeOwnersStoppedReporting() {
    int overdue = 0;
    int stale = 0;
    for (ProgressReport r : newest.values()) {
      if (r.status.equals("COMPLETED")) continue;
      if (TODAY.toEpochDay() > r.deadline) overdue++;
      LocalDate reported = java.time.Instant.ofEpochMilli(r.reportedAt).atZone(HCM).toLocalDate();
      if (TODAY.toEpochDay() - reported.toEpochDay() > 7) stale++;
    }
    assertEquals(4, overdue, "tasks due on 15 March still in progress");
    assertEquals(6, stale, "owners whose last report is of 28 February");
  }

  @Test
  void everyOwnerIsAUnitOfTheReferenceDataAndItemsMatchTheirReports() throws Exception {
    ReferenceData ref = ReferenceData.load(ProjectFiles.reference());
    Set<String> units = new TreeSet<>();
    ref.unitsOn(TODAY).forEach(u -> units.add(u.code()));
    Map<String, String[]> items = new HashMap<>();
    List<String> lines = Files.readAllLines(dir.resolve("items.csv"), StandardCharsets.UTF_8);
    assertEquals(
        "item_id,kind,group,title,owner_unit,responsible,planned_start,deadline,accelerate",
        lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      items.put(f[0], f);
    }
    assertEquals(89, items.size());
    assertEquals(
        12,
        items.values().stream().filter(f -> f[f.length - 1].equals("true")).count(),
        "the twelve models to accelerate");
    for (ProgressReport r : reports) {
      assertTrue(units.contains(r.ownerUnit), r.reportId + ": unknown owner " + r.ownerUnit);
      long reportDay =
          java.time.Instant.ofEpochMilli(r.reportedAt).atZone(HCM).toLocalDate().toEpochDay();
      assertTrue(r.completedAt <= reportDay, r.reportId + ": completed after its report");
      String[] f = items.get(r.itemId);
      assertEquals(r.kind, f[1], r.reportId);
      assertEquals(r.ownerUnit, f[f.length - 5], r.reportId);
      assertEquals(LocalDate.ofEpochDay(r.deadline).toString(), f[f.length - 2], r.reportId);
    }
    assertEquals(items.keySet(), newest.keySet(), "every item reported by the end of March");
  }
}
