package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import vn.ioc.reference.ReferenceData;

/**
 * The demo as a newcomer starts it, on a fixed "today" (Tuesday 8 December 2026, 09:30, office
 * hours): the last five weeks played as a backlog in today's province (130 communes, no districts),
 * the programme moved to them, and at the live edge one catch-up digest per leader.
 */
class DemoTodayIT {
  static final RealServices.Namespace NS = RealServices.Namespace.fresh("demo-today");
  static final Path STATE = RealServices.PROJECT.resolve(".runtime/it/" + NS.id());
  static final DemoRun DEMO = new DemoRun(NS, STATE);
  static final String NOW = "2026-12-08T09:30";

  @AfterAll
  static void drop() {
    RealServices.dropNamespace(NS);
  }

  @Test
  void theFirstMinutesShowTheProvinceOfTodayAndOneCatchUpDigestPerLeader() throws Exception {
    Map<String, String> env = DEMO.environment();
    Path log = STATE.resolve("demo.log");
    Process demo = DEMO.start(env, log, "--now=" + NOW);
    DEMO.awaitLine(
        demo, log, l -> l.equals("demo: a new demo from 2026-11-03"), Duration.ofMinutes(1));
    // the backlog played, the figures of today so far on the console
    DEMO.awaitLine(
        demo,
        log,
        l -> l.contains("province 2026-12-08: ") && l.contains("checkpointed by the job 0 |"),
        Duration.ofMinutes(4));
    Path inbox = STATE.resolve("demo/inbox.log");
    DEMO.awaitLine(demo, inbox, l -> l.contains("Tổng hợp sau gián đoạn"), Duration.ofMinutes(2));
    // a second catch-up digest, were there one, would come while the demo stops (half a minute)
    String out = DEMO.stop(demo, log);

    // today's province: the 130 communes report, no district does
    List<Map<String, Object>> communes =
        RealServices.rows(
            NS.database(),
            "SELECT count(received) FROM service_rates WHERE scope = 'commune' AND \"window\" = '1d'"
                + " GROUP BY commune");
    assertEquals(130, communes.size(), "the communes with daily figures");
    assertEquals(
        List.of(),
        RealServices.rows(
            NS.database(), "SELECT received FROM service_rates WHERE scope = 'district' LIMIT 1"));
    assertEquals(
        1,
        RealServices.rows(
                NS.database(),
                "SELECT received FROM service_rates WHERE scope = 'unit' AND unit = '000.16681.H40'"
                    + " AND commune = '16681' AND \"window\" = '1mo' LIMIT 1")
            .size(),
        "a commune centre's figures carry its commune");
    assertTrue(
        out.contains("WHERE scope = 'commune'"), "the demo prints the communes' query:\n" + out);

    // the programme moved to the demo's weeks: every item, owned by a unit of today
    ReferenceData reference =
        ReferenceData.load(RealServices.PROJECT.resolve("deploy/reference/nghe-an"));
    Set<String> today = new TreeSet<>();
    reference.unitsOn(LocalDate.parse("2026-12-08")).forEach(u -> today.add(u.code()));
    List<Map<String, Object>> owners =
        RealServices.rows(
            NS.database(), "SELECT last(owner_unit) AS owner FROM item_status GROUP BY item");
    assertEquals(89, owners.size());
    Set<String> ownedBy = new TreeSet<>();
    owners.forEach(r -> ownedBy.add((String) r.get("owner")));
    assertTrue(today.containsAll(ownedBy), "owners " + ownedBy + " not all units of today");

    // nothing stamped beyond the present of the run (its live minutes aside)
    for (String measurement : List.of("service_rates", "feed_health", "item_status", "alerts"))
      assertEquals(
          List.of(),
          RealServices.rows(
              NS.database(),
              "SELECT * FROM "
                  + measurement
                  + " WHERE time >= '2026-12-08T11:00:00+07:00' LIMIT 1"),
          measurement + " after the present");

    // at the live edge each leader got the backlog in one digest, not weeks of reminders
    Map<String, Integer> catchUps = new TreeMap<>();
    List<String> lines = Files.readAllLines(inbox);
    for (int i = 0; i + 1 < lines.size(); i++)
      if (lines.get(i).startsWith("── ") && lines.get(i + 1).contains("Tổng hợp sau gián đoạn"))
        catchUps.merge(lines.get(i).substring(lines.get(i).indexOf('→')), 1, Integer::sum);
    assertTrue(catchUps.size() >= 10, "leaders with a catch-up digest: " + catchUps);
    assertEquals(
        Set.of(1), new TreeSet<>(catchUps.values()), "catch-up digests per leader: " + catchUps);
  }
}
