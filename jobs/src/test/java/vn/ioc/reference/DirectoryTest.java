package vn.ioc.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ioc.tools.ProjectFiles;

/** The province's people and escalation chains, and what the loader refuses. */
class DirectoryTest {
  static final Path NGHE_AN = ProjectFiles.root().resolve("deploy/reference/nghe-an");

  @Test
  void theDefaultProvinceHasAChainPerUnitAndTheJobKeepsNoContacts() throws Exception {
    Directory d = Directory.load(NGHE_AN);
    assertEquals(68, d.people().size());
    assertEquals(48, d.chains().size()); // 46 units, `*` and the province `40`
    assertEquals(
        List.of(
            new Directory.Step(0, "lead.09", Duration.ZERO),
            new Directory.Step(1, "ubnd.pct-vanxa", Duration.ofHours(4))),
        d.chain("000.00.09.H40"));
    assertEquals(d.chains().get(Directory.ANY_UNIT), d.chain("000.00.99.H40"));
    assertEquals("ioc.truc-ban", d.chain("40").get(0).person());
    assertEquals("deputy.01", d.responsible("Phó Giám đốc Sở Tư pháp", "000.00.01.H40").id());
    assertEquals("lead.01", d.responsible("lead.01", null).id());
    assertNull(d.responsible("Ông Không Có", "000.00.01.H40"));
    assertEquals("lead.01@ioc.nghean.example", d.people().get("lead.01").email());
    Directory bare = d.withoutContacts();
    assertEquals(68, bare.people().size());
    for (Directory.Person p : bare.people().values()) {
      assertNull(p.email());
      assertNull(p.phone());
    }
    assertEquals("Giám đốc Sở Tư pháp", bare.people().get("lead.01").name());
  }

  @Test
  void aChainNamingAnUnknownPersonOrOutOfOrderIsRefused(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("people.csv"),
        "person_id,name,title,unit_code,email,phone,channels\nlead.1,A,A,U1,,,email\n");
    Files.writeString(
        dir.resolve("escalation.csv"), "unit_code,step,person_id,after\nU1,0,nobody,PT0S\n");
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> Directory.load(dir));
    assertEquals("escalation.csv: unit U1 names unknown person nobody", unknown.getMessage());
    Files.writeString(
        dir.resolve("escalation.csv"),
        "unit_code,step,person_id,after\nU1,0,lead.1,PT0S\nU1,2,lead.1,PT1H\n");
    IllegalArgumentException gap =
        assertThrows(IllegalArgumentException.class, () -> Directory.load(dir));
    assertEquals(
        "escalation.csv: unit U1 lists step 2 where 1 is due (steps in order from 0)",
        gap.getMessage());
    Files.writeString(
        dir.resolve("escalation.csv"),
        "unit_code,step,person_id,after\nU1,0,lead.1,PT1H\nU1,1,lead.1,PT1H\n");
    assertEquals(
        "escalation.csv: unit U1 step 1 must come after step 0",
        assertThrows(IllegalArgumentException.class, () -> Directory.load(dir)).getMessage());
  }

  @Test
  void aPersonOnLeaveIsStoodInForByTheirDeputyAndQuietHoursAreKept() throws Exception {
    Directory d = Directory.load(NGHE_AN);
    java.time.LocalDate friday = java.time.LocalDate.parse("2024-10-25");
    assertEquals("lead.01", d.standIn("lead.01", friday.minusDays(5)));
    assertEquals("deputy.01", d.standIn("lead.01", friday.minusDays(4)));
    assertEquals("deputy.01", d.standIn("lead.01", friday));
    assertEquals("lead.01", d.standIn("lead.01", friday.plusDays(1)));
    assertEquals("lead.09", d.standIn("lead.09", friday));
    assertEquals(List.of("22:00-06:00 all"), d.people().get("ubnd.pct-vanxa").quietHours());
    assertEquals(List.of(), d.people().get("lead.01").quietHours());
    assertEquals(3, d.quietHours().size());
    assertEquals(
        d.people().get("ubnd.pct-kinhte").quietHours(),
        d.withoutContacts().people().get("ubnd.pct-kinhte").quietHours());
  }

  @Test
  void aDeputyAwayTooHandsOnAndLeaveThatCannotBeIsRefused(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("people.csv"),
        "person_id,name,quiet_hours\na,A,21:30-06:30;12:00-13:00 working\nb,B,\nc,C,\n");
    Files.writeString(
        dir.resolve("leave.csv"),
        """
        person_id,deputy_id,from,to
        a,b,2024-10-21,2024-10-25
        b,c,2024-10-24,2024-10-24
        c,a,2024-10-24,2024-10-24
        """);
    Directory d = Directory.load(dir);
    assertEquals(
        List.of("21:30-06:30 all", "12:00-13:00 working"), d.people().get("a").quietHours());
    assertEquals("b", d.standIn("a", java.time.LocalDate.parse("2024-10-23")));
    // b is away that day too, and c: around the circle back to a's deputies, never to a
    assertEquals("c", d.standIn("a", java.time.LocalDate.parse("2024-10-24")));
    Files.writeString(
        dir.resolve("leave.csv"),
        "person_id,deputy_id,from,to\na,b,2024-10-21,2024-10-25\na,c,2024-10-25,2024-10-28\n");
    assertEquals(
        "leave.csv: a's leaves from 2024-10-21 and 2024-10-25 overlap",
        assertThrows(IllegalArgumentException.class, () -> Directory.load(dir)).getMessage());
    Files.writeString(
        dir.resolve("leave.csv"), "person_id,deputy_id,from,to\na,x,2024-10-21,2024-10-25\n");
    assertEquals(
        "leave.csv: unknown person x",
        assertThrows(IllegalArgumentException.class, () -> Directory.load(dir)).getMessage());
    Files.writeString(
        dir.resolve("leave.csv"), "person_id,deputy_id,from,to\na,b,2024-10-25,2024-10-21\n");
    assertEquals(
        "leave.csv: a's leave ends on 2024-10-21, before it starts on 2024-10-25",
        assertThrows(IllegalArgumentException.class, () -> Directory.load(dir)).getMessage());
    Files.delete(dir.resolve("leave.csv"));
    Files.writeString(dir.resolve("people.csv"), "person_id,name,quiet_hours\na,A,22h-6h\n");
    assertEquals(
        "people.csv: a's quiet_hours '22h-6h' is not HH:MM-HH:MM [all|working|off], e.g."
            + " 21:30-06:30",
        assertThrows(IllegalArgumentException.class, () -> Directory.load(dir)).getMessage());
  }
}
