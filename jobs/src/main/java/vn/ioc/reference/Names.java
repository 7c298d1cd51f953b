package vn.ioc.reference;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names people read beside codes, as valid on a day: of units, districts, communes and
 * services, joined from the reference data by date, never copied into the points. A code may have
 * had several names (a department renamed, a commune code kept by the commune formed from it): the
 * name of the day asked; for a day outside every version, the nearest version's (the latest that
 * began before it, else the earliest); null for a code the reference data does not list.
 */
public final class Names implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One name of a code over [from, to] (epoch days; to = Long.MAX_VALUE: still valid). */
  private record Version(long from, long to, String name) implements Serializable {}

  private final Map<String, List<Version>> units;
  private final Map<String, List<Version>> districts;
  private final Map<String, List<Version>> communes;
  private final Map<String, List<Version>> services;

  private Names(
      Map<String, List<Version>> units,
      Map<String, List<Version>> districts,
      Map<String, List<Version>> communes,
      Map<String, List<Version>> services) {
    this.units = units;
    this.districts = districts;
    this.communes = communes;
    this.services = services;
  }

  /** No names: every code reads as itself. */
  public static final Names NONE = new Names(Map.of(), Map.of(), Map.of(), Map.of());

  /** The names of a province's reference data. */
  public static Names of(ReferenceData r) {
    Map<String, List<Version>> units = new HashMap<>();
    r.units().forEach(u -> add(units, u.code(), u.validFrom(), u.validTo(), u.name()));
    Map<String, List<Version>> districts = new HashMap<>();
    r.districts().forEach(d -> add(districts, d.code(), d.validFrom(), d.validTo(), d.name()));
    Map<String, List<Version>> communes = new HashMap<>();
    r.communes().forEach(c -> add(communes, c.code(), c.validFrom(), c.validTo(), c.name()));
    Map<String, List<Version>> services = new HashMap<>();
    r.services().forEach(s -> add(services, s.code(), s.validFrom(), s.validTo(), s.name()));
    return new Names(units, districts, communes, services);
  }

  /** Units' names valid on every day (tests, tools without reference data). */
  public static Names ofUnits(Map<String, String> unitNames) {
    Map<String, List<Version>> units = new HashMap<>();
    unitNames.forEach((code, name) -> add(units, code, null, null, name));
    return new Names(units, Map.of(), Map.of(), Map.of());
  }

  private static void add(
      Map<String, List<Version>> into, String code, LocalDate from, LocalDate to, String name) {
    into.computeIfAbsent(code, c -> new ArrayList<>())
        .add(
            new Version(
                from == null ? Long.MIN_VALUE : from.toEpochDay(),
                to == null ? Long.MAX_VALUE : to.toEpochDay(),
                name));
  }

  public String unit(String code, LocalDate day) {
    return name(units, code, day);
  }

  public String district(String code, LocalDate day) {
    return name(districts, code, day);
  }

  public String commune(String code, LocalDate day) {
    return name(communes, code, day);
  }

  public String service(String code, LocalDate day) {
    return name(services, code, day);
  }

  /** The unit's name on {@code day}, or its code when it has none. */
  public String unitOrCode(String code, LocalDate day) {
    String n = unit(code, day);
    return n != null ? n : code;
  }

  private static String name(Map<String, List<Version>> names, String code, LocalDate day) {
    List<Version> versions = code == null ? null : names.get(code);
    if (versions == null) return null;
    long d = day.toEpochDay();
    Version before = null;
    Version earliest = null;
    for (Version v : versions) {
      if (d >= v.from() && d <= v.to()) return v.name();
      if (v.from() <= d && (before == null || v.from() > before.from())) before = v;
      if (earliest == null || v.from() < earliest.from()) earliest = v;
    }
    return before != null ? before.name() : earliest.name();
  }
}
