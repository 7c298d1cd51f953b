package vn.ioc.reference;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who answers for what: the people of {@code people.csv} (a person or a position, with contact
 * details) and each owner unit's escalation chain of {@code escalation.csv}. The alerting job keeps
 * only {@link #withoutContacts()}: contact details stay in the reference data and reach only the
 * notifier, never a topic, the job's state or a log.
 *
 * <p>A chain is a list of steps: step 0 (the unit's leader) is notified when the alert fires, step
 * n when the alert has fired unacknowledged for its {@code after}. Unit {@code *} is the chain of
 * units without their own.
 */
public record Directory(Map<String, Person> people, Map<String, List<Step>> chains)
    implements Serializable {
  public static final String ANY_UNIT = "*";

  /**
   * A person (or position). {@code channels}: {@code email} and/or {@code webhook}; {@code email}
   * and {@code phone} are null without contacts.
   */
  public record Person(
      String id,
      String name,
      String title,
      String unitCode,
      String email,
      String phone,
      List<String> channels)
      implements Serializable {}

  /** Step {@code step} of a chain: notify {@code person} once the alert fired {@code after} ago. */
  public record Step(int step, String person, Duration after) implements Serializable {}

  /**
   * Loads {@code people.csv} and {@code escalation.csv}; an empty directory when both are absent.
   */
  public static Directory load(Path dir) throws IOException {
    Map<String, Person> people = new LinkedHashMap<>();
    Map<String, List<Step>> chains = new LinkedHashMap<>();
    Path peopleFile = dir.resolve("people.csv");
    Path chainFile = dir.resolve("escalation.csv");
    if (Files.exists(peopleFile)) {
      for (Map<String, String> r : ReferenceData.readCsv(peopleFile)) {
        String id = ReferenceData.required(r, "person_id");
        String channels = r.getOrDefault("channels", "");
        Person p =
            new Person(
                id,
                ReferenceData.required(r, "name"),
                blankToNull(r.get("title")),
                blankToNull(r.get("unit_code")),
                blankToNull(r.get("email")),
                blankToNull(r.get("phone")),
                channels.isBlank() ? List.of() : List.of(channels.split(";")));
        if (people.put(id, p) != null)
          throw new IllegalArgumentException("people.csv: person " + id + " twice");
      }
    }
    if (Files.exists(chainFile)) {
      for (Map<String, String> r : ReferenceData.readCsv(chainFile)) {
        String unit = ReferenceData.required(r, "unit_code");
        String person = ReferenceData.required(r, "person_id");
        if (!people.containsKey(person))
          throw new IllegalArgumentException(
              "escalation.csv: unit " + unit + " names unknown person " + person);
        int step = Integer.parseInt(ReferenceData.required(r, "step"));
        Duration after = Duration.parse(ReferenceData.required(r, "after"));
        List<Step> chain = chains.computeIfAbsent(unit, u -> new ArrayList<>());
        if (step != chain.size())
          throw new IllegalArgumentException(
              "escalation.csv: unit "
                  + unit
                  + " lists step "
                  + step
                  + " where "
                  + chain.size()
                  + " is due (steps in order from 0)");
        if (!chain.isEmpty() && after.compareTo(chain.get(chain.size() - 1).after()) <= 0)
          throw new IllegalArgumentException(
              "escalation.csv: unit "
                  + unit
                  + " step "
                  + step
                  + " must come after step "
                  + (step - 1));
        chain.add(new Step(step, person, after));
      }
    }
    Map<String, List<Step>> frozen = new LinkedHashMap<>();
    chains.forEach((u, c) -> frozen.put(u, List.copyOf(c)));
    return new Directory(Map.copyOf(people), Map.copyOf(frozen));
  }

  /** The same directory with every contact detail removed (what the alerting job may hold). */
  public Directory withoutContacts() {
    Map<String, Person> bare = new HashMap<>();
    people.forEach(
        (id, p) ->
            bare.put(id, new Person(id, p.name(), p.title(), p.unitCode(), null, null, List.of())));
    return new Directory(Map.copyOf(bare), chains);
  }

  /** The chain of a unit: its own, else that of {@link #ANY_UNIT}, else none. */
  public List<Step> chain(String unit) {
    List<Step> c = unit == null ? null : chains.get(unit);
    if (c == null) c = chains.get(ANY_UNIT);
    return c == null ? List.of() : c;
  }

  /**
   * The person a report's {@code responsible} names: by id, else by name or title (of the owner
   * unit's people first); null when nobody matches.
   */
  public Person responsible(String responsible, String unit) {
    if (responsible == null) return null;
    Person byId = people.get(responsible);
    if (byId != null) return byId;
    Person any = null;
    for (Person p : people.values()) {
      if (!responsible.equals(p.name()) && !responsible.equals(p.title())) continue;
      if (unit != null && unit.equals(p.unitCode())) return p;
      if (any == null || p.id().compareTo(any.id()) < 0) any = p;
    }
    return any;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
