package vn.ioc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.ioc.reference.ReferenceData;

class SampleDayGeneratorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");

  private static SampleDayGenerator.Result generate(long seed) throws Exception {
    return SampleDayGenerator.generate(
        new SampleDayGenerator.Day(
            ReferenceData.load(ProjectFiles.reference()),
            SampleDayGenerator.DEFAULT_DATE,
            seed,
            "40",
            HCM));
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherDay() throws Exception {
    assertEquals(generate(42).lines(), generate(42).lines());
    assertNotEquals(generate(42).lines(), generate(7).lines());
  }

  @Test
  void theCommittedSampleIsTheGeneratedOne() throws Exception {
    List<String> committed = Files.readAllLines(ProjectFiles.sampleDay(), StandardCharsets.UTF_8);
    assertEquals(
        generate(SampleDayGenerator.DEFAULT_SEED).lines(),
        committed,
        "deploy/sample/sample-day.jsonl is stale: regenerate it with `deploy/ioc sample-day --out deploy/sample/sample-day.jsonl`");
  }

  @Test
  void aDayOfTheContract() throws Exception {
    SampleDayGenerator.Result r = generate(SampleDayGenerator.DEFAULT_SEED);
    List<String> lines = r.lines();
    assertTrue(lines.size() > 1000 && lines.size() < 5000, "a few thousand lines: " + lines.size());
    assertTrue(r.instant() > 50, "instant reports: " + r.instant());
    ReferenceData ref = ReferenceData.load(ProjectFiles.reference());
    LocalDate day = SampleDayGenerator.DEFAULT_DATE;
    Set<String> units = new HashSet<>();
    ref.unitsOn(day).forEach(u -> units.add(u.code()));
    Set<String> services = new HashSet<>();
    ref.servicesOn(day).forEach(s -> services.add(s.code()));

    List<String> unparsable = new ArrayList<>();
    List<JsonNode> broken = new ArrayList<>();
    Map<String, Integer> sameLine = new HashMap<>();
    Map<String, Set<Long>> revisions = new HashMap<>();
    for (String line : lines) {
      JsonNode m;
      try {
        m = JSON.readTree(line);
      } catch (Exception e) {
        unparsable.add(line);
        continue;
      }
      JsonNode received = m.get("received");
      if (!received.get("online").isInt()) {
        broken.add(m);
        continue;
      }
      sameLine.merge(line, 1, Integer::sum);
      revisions
          .computeIfAbsent(m.get("reportId").asText(), k -> new HashSet<>())
          .add(m.path("revision").asLong(0));
      assertTrue(units.contains(m.get("unitCode").asText()));
      assertTrue(services.contains(m.get("serviceCode").asText()));
      assertEquals("40", m.get("provinceCode").asText());
      OffsetDateTime start = OffsetDateTime.parse(m.get("periodStart").asText());
      assertEquals("+07:00", start.getOffset().getId());
      assertEquals(day, start.toLocalDate());
      if (m.has("periodEnd")) {
        OffsetDateTime end = OffsetDateTime.parse(m.get("periodEnd").asText());
        assertTrue(end.isAfter(start));
        assertEquals(3600, end.toEpochSecond() - start.toEpochSecond());
      } else {
        assertEquals(
            1,
            received.get("online").asInt()
                + received.get("direct").asInt()
                + received.get("postal").asInt(),
            "an instant report is one application");
      }
      for (String c : List.of("online", "direct", "postal"))
        assertTrue(received.get(c).asInt() >= 0);
      assertTrue(m.get("fullyOnline").asInt() <= received.get("online").asInt());
      assertTrue(
          m.get("districtCode") == null
              || m.get("districtCode").asText().matches("4(1[2-9]|2\\d|3[0-2])"));
    }
    assertEquals(1, unparsable.size(), "one line of bad JSON");
    assertEquals(1, broken.size(), "one mistyped count");
    assertEquals(2, sameLine.values().stream().filter(n -> n == 2).count(), "two re-deliveries");
    assertEquals(
        1,
        revisions.values().stream().filter(s -> s.equals(Set.of(0L, 1L))).count(),
        "one correction");
    assertEquals(
        lines.size() - 4,
        revisions.values().stream().mapToInt(Set::size).sum(),
        "every other report is unique");
  }

  @org.junit.jupiter.api.Test
  void everyDistrictOneStopHasServicesInTheSample() throws Exception {
    java.time.LocalDate day = java.time.LocalDate.of(2024, 10, 15);
    ReferenceData ngheAn = ReferenceData.load(ProjectFiles.reference());
    // every district one-stop unit receives applications for at least five services in the sample
    org.junit.jupiter.api.Assertions.assertTrue(
        ngheAn.unitsOn(day).stream()
            .filter(u -> u.districtCode() != null)
            .allMatch(u -> SampleDayGenerator.servicesOf(u, ngheAn.servicesOn(day)).size() >= 5));
  }
}
