package vn.ioc.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An update is checked against the rules filed under its measurement and its tags only. */
class RuleIndexTest {
  static AlertRule rule(String id, String match) throws Exception {
    return RuleParser.parse(
            "id: "
                + id
                + "\nindicator: {measurement: service_rates, field: online_rate_pct}\n"
                + "match: "
                + match
                + "\ndirection: below\nwarning: {threshold: 50}\n")
        .get(0);
  }

  @Test
  void candidatesAreTheRulesOfTheUpdatesTagsAndThoseWithoutExactMatchers() throws Exception {
    RuleIndex index =
        new RuleIndex(
            List.of(
                rule("u1", "{unit: U1, window: 1d}"),
                rule("u2", "{unit: U2}"),
                rule("any-unit", "{unit: '*'}"),
                rule("all", "{}"),
                rule("day", "{window: 1d}")));
    List<String> candidates =
        index
            .candidates("service_rates", Map.of("unit", "U1", "window", "1d", "scope", "unit"))
            .stream()
            .map(AlertRule::id)
            .toList();
    assertEquals(4, candidates.size(), candidates.toString()); // each once
    assertEquals(
        java.util.Set.of("u1", "day", "any-unit", "all"), java.util.Set.copyOf(candidates));
    assertEquals(
        List.of("any-unit", "all"),
        index.candidates("service_rates", Map.of("unit", "U3")).stream()
            .map(AlertRule::id)
            .toList());
    assertEquals(List.of(), index.candidates("feed_health", Map.of("unit", "U1")));
    assertEquals("u2", index.get("u2").id());
  }
}
