package vn.ioc.reference;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who answers for what: the people of {@code people.csv} (a person or a position, with contact
 * details and quiet hours), each owner unit's escalation chain of {@code escalation.csv}, and who
 * stands in for whom while on leave ({@code leave.csv}). The alerting job keeps only {@link
 * #withoutContacts()}: contact details stay in the reference data and reach only the notifier,
 * never a topic, the job's state or a log.
 *
 * <p>A chain is a list of steps: step 0 (the unit's leader) is notified when the alert fires, step
 * n when the alert has fired unacknowledged for its {@code after}. Unit {@code *} is the chain of
 * units without their own.
 */
public record Directory(
    Map<String, Person> people, Map<String, List<Step>> chains, Map<String, List<Leave>> leaves)
    implements Serializable {
  public static final String ANY_UNIT = "*";

  /** The most deputies followed for one day (a deputy on leave too has a deputy of their own). */
  static final int MAX_STAND_INS = 8;

  private static final java.util.regex.Pattern QUIET =
      java.util.regex.Pattern.compile(
          "([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]( (all|working|off))?");

  /** Without leave. */
  public Directory(Map<String, Person> people, Map<String, List<Step>> chains) {
    this(people, chains, Map.of());
  }

  /**
   * A person (or position). {@code channels}: {@code email} and/or {@code webhook}; {@code email}
   * and {@code phone} are null without contacts. {@code quietHours}: local-time windows when the
   * person's digests wait, as rule mute windows are written ({@code "21:30-06:30 all"}).
   */
  public record Person(
      String id,
      String name,
      String title,
      String unitCode,
      String email,
      String phone,
      List<String> channels,
      List<String> quietHours)
      implements Serializable {
    /** Without quiet hours. */
    public Person(
        String id,
        String name,
        String title,
        String unitCode,
        String email,
        String phone,
        List<String> channels) {
      this(id, name, title, unitCode, email, phone, channels, List.of());
    }
  }

  /** {@code person} is on leave from {@code from} to {@code to} (local days, inclusive). */
  public record Leave(String person, String deputy, LocalDate from, LocalDate to)
      implements Serializable {}

  /**
   * Who receives {@code person}'s notices on {@code day}: the person, or while on leave their
   * deputy (or the deputy's, when the deputy is away too).
   */
  public String standIn(String person, LocalDate day) {
    String at = person;
    for (int i = 0; i < MAX_STAND_INS; i++) {
      String deputy = deputyOn(at, day);
      if (deputy == null || deputy.equals(person)) return at;
      at = deputy;
    }
    return at;
  }

  private String deputyOn(String person, LocalDate day) {
    for (Leave l : leaves.getOrDefault(person, List.of()))
      if (!day.isBefore(l.from()) && !day.isAfter(l.to())) return l.deputy();
    return null;
  }

  /** Each person's quiet hours, by id (people without any left out). */
  public Map<String, List<String>> quietHours() {
    Map<String, List<String>> out = new HashMap<>();
    people.forEach(
        (id, p) -> {
          if (!p.quietHours().isEmpty()) out.put(id, p.quietHours());
        });
    return Map.copyOf(out);
  }

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
                channels.isBlank() ? List.of() : List.of(channels.split(";")),
                quietHours(id, r.getOrDefault("quiet_hours", "")));
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
    return new Directory(Map.copyOf(people), Map.copyOf(frozen), leaves(dir, people));
  }

  /** {@code leave.csv}: who is away when, and who stands in; none when the file is absent. */
  private static Map<String, List<Leave>> leaves(Path dir, Map<String, Person> people)
      throws IOException {
    Path file = dir.resolve("leave.csv");
    if (!Files.exists(file)) return Map.of();
    Map<String, List<Leave>> leaves = new LinkedHashMap<>();
    for (Map<String, String> r : ReferenceData.readCsv(file)) {
      String person = ReferenceData.required(r, "person_id");
      String deputy = ReferenceData.required(r, "deputy_id");
      for (String id : List.of(person, deputy))
        if (!people.containsKey(id))
          throw new IllegalArgumentException("leave.csv: unknown person " + id);
      if (person.equals(deputy))
        throw new IllegalArgumentException("leave.csv: " + person + " cannot stand in for self");
      LocalDate from = LocalDate.parse(ReferenceData.required(r, "from"));
      LocalDate to = LocalDate.parse(ReferenceData.required(r, "to"));
      if (to.isBefore(from))
        throw new IllegalArgumentException(
            "leave.csv: " + person + "'s leave ends on " + to + ", before it starts on " + from);
      List<Leave> own = leaves.computeIfAbsent(person, p -> new ArrayList<>());
      for (Leave l : own)
        if (!to.isBefore(l.from()) && !from.isAfter(l.to()))
          throw new IllegalArgumentException(
              "leave.csv: " + person + "'s leaves from " + l.from() + " and " + from + " overlap");
      own.add(new Leave(person, deputy, from, to));
    }
    Map<String, List<Leave>> frozen = new LinkedHashMap<>();
    leaves.forEach((p, l) -> frozen.put(p, List.copyOf(l)));
    return Map.copyOf(frozen);
  }

  /** A person's quiet hours, {@code ;}-separated windows; {@code all} days when none is said. */
  private static List<String> quietHours(String person, String text) {
    if (text.isBlank()) return List.of();
    List<String> windows = new ArrayList<>();
    for (String w : text.split(";", -1)) {
      String t = w.strip();
      if (!QUIET.matcher(t).matches())
        throw new IllegalArgumentException(
            "people.csv: "
                + person
                + "'s quiet_hours '"
                + t
                + "' is not HH:MM-HH:MM [all|working|off], e.g. 21:30-06:30");
      windows.add(t.length() == 11 ? t + " all" : t);
    }
    return List.copyOf(windows);
  }

  /** The same directory with every contact detail removed (what the alerting job may hold). */
  public Directory withoutContacts() {
    Map<String, Person> bare = new HashMap<>();
    people.forEach(
        (id, p) ->
            bare.put(
                id,
                new Person(
                    id, p.name(), p.title(), p.unitCode(), null, null, List.of(), p.quietHours())));
    return new Directory(Map.copyOf(bare), chains, leaves);
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
