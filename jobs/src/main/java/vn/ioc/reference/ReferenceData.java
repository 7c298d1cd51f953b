package vn.ioc.reference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A province's reference data as kept in {@code deploy/reference/<province>/}: districts, communes
 * and the communes each commune was formed from, units (receiving agencies) and public services,
 * each valid over [valid_from, valid_to] (inclusive; an empty valid_to means still valid). A code
 * may have several rows with periods that do not overlap: a commune formed in 2025 may keep one of
 * its predecessors' codes. Columns are found by header name, so adding a column never breaks a
 * reader.
 */
public record ReferenceData(
    List<District> districts,
    List<Commune> communes,
    List<Predecessor> predecessors,
    List<Unit> units,
    List<Service> services) {

  /** Reference data without communes (a province whose communes are not listed). */
  public ReferenceData(List<District> districts, List<Unit> units, List<Service> services) {
    this(districts, List.of(), List.of(), units, services);
  }

  public record District(
      String code,
      String name,
      String kind,
      String provinceCode,
      LocalDate validFrom,
      LocalDate validTo) {
    public boolean validOn(LocalDate d) {
      return ReferenceData.validOn(validFrom, validTo, d);
    }
  }

  /**
   * A commune-level unit (xã, phường, thị trấn) by its official 5-digit code; {@code districtCode}
   * is null from 1 July 2025, when communes report to the province.
   */
  public record Commune(
      String code,
      String name,
      String kind,
      String districtCode,
      String provinceCode,
      LocalDate validFrom,
      LocalDate validTo) {
    public boolean validOn(LocalDate d) {
      return ReferenceData.validOn(validFrom, validTo, d);
    }
  }

  /**
   * One commune a commune was formed from on {@code formedOn}: the predecessor is the commune of
   * that code valid the day before.
   */
  public record Predecessor(String communeCode, String predecessorCode, LocalDate formedOn) {}

  /**
   * A receiving unit; {@code districtCode} and {@code communeCode} are null for a province-level
   * agency; a district's one-stop unit has its district, a commune's its commune.
   */
  public record Unit(
      String code,
      String name,
      String districtCode,
      String kind,
      List<String> sectors,
      LocalDate validFrom,
      LocalDate validTo,
      String leaderTitle,
      String communeCode) {
    /** A unit that is not a commune's. */
    public Unit(
        String code,
        String name,
        String districtCode,
        String kind,
        List<String> sectors,
        LocalDate validFrom,
        LocalDate validTo,
        String leaderTitle) {
      this(code, name, districtCode, kind, sectors, validFrom, validTo, leaderTitle, null);
    }

    public boolean validOn(LocalDate d) {
      return ReferenceData.validOn(validFrom, validTo, d);
    }
  }

  /** A public service (administrative procedure) by its national code. */
  public record Service(
      String code,
      String name,
      String sector,
      String level,
      boolean fullyOnlineCapable,
      LocalDate validFrom,
      LocalDate validTo) {
    public boolean validOn(LocalDate d) {
      return ReferenceData.validOn(validFrom, validTo, d);
    }
  }

  static boolean validOn(LocalDate from, LocalDate to, LocalDate d) {
    return !d.isBefore(from) && (to == null || !d.isAfter(to));
  }

  public List<Commune> communesOn(LocalDate d) {
    return communes.stream().filter(c -> c.validOn(d)).toList();
  }

  /** The communes {@code commune} was formed from, as they were the day before it formed. */
  public List<Commune> predecessorsOf(Commune commune) {
    List<Commune> out = new ArrayList<>();
    for (Predecessor p : predecessors) {
      if (!p.communeCode().equals(commune.code()) || !commune.validOn(p.formedOn())) continue;
      LocalDate before = p.formedOn().minusDays(1);
      for (Commune c : communes)
        if (c.code().equals(p.predecessorCode()) && c.validOn(before)) out.add(c);
    }
    return out;
  }

  /**
   * The former district of a commune formed from others: the district most of its predecessors
   * belonged to (the lowest code on a tie; {@link #formedAcrossDistricts} says whether there was
   * more than one), or null for a commune formed from none.
   */
  public String formerDistrict(Commune commune) {
    Map<String, Integer> count = new java.util.TreeMap<>();
    for (Commune p : predecessorsOf(commune))
      if (p.districtCode() != null) count.merge(p.districtCode(), 1, Integer::sum);
    String best = null;
    for (Map.Entry<String, Integer> e : count.entrySet())
      if (best == null || e.getValue() > count.get(best)) best = e.getKey();
    return best;
  }

  /** Whether the predecessors of {@code commune} belonged to more than one district. */
  public boolean formedAcrossDistricts(Commune commune) {
    return predecessorsOf(commune).stream()
            .map(Commune::districtCode)
            .filter(java.util.Objects::nonNull)
            .distinct()
            .count()
        > 1;
  }

  public List<Unit> unitsOn(LocalDate d) {
    return units.stream().filter(u -> u.validOn(d)).toList();
  }

  /**
   * The unit that does the work of {@code unitCode} on day {@code d}: the unit itself while it is
   * valid; after it ended, the one unit valid that day that took over every sector of its last row
   * (a department merged into another); null for a code not listed, a unit not yet formed on {@code
   * d}, and one whose work nobody or several took over (a district one-stop's, shared by the
   * commune centres).
   */
  public Unit successorOn(String unitCode, LocalDate d) {
    Unit ended = null;
    for (Unit u : units) {
      if (!u.code().equals(unitCode)) continue;
      if (u.validOn(d)) return u;
      if (u.validTo() != null
          && u.validTo().isBefore(d)
          && (ended == null || u.validTo().isAfter(ended.validTo()))) ended = u;
    }
    if (ended == null || ended.sectors().isEmpty()) return null;
    Unit last = ended;
    List<Unit> took =
        unitsOn(d).stream().filter(u -> u.sectors().containsAll(last.sectors())).toList();
    return took.size() == 1 ? took.get(0) : null;
  }

  public List<Service> servicesOn(LocalDate d) {
    return services.stream().filter(s -> s.validOn(d)).toList();
  }

  /**
   * Loads and checks {@code districts.csv}, {@code units.csv}, {@code services.csv} of a folder,
   * and its {@code communes.csv} and {@code commune_predecessors.csv} when it has them.
   */
  public static ReferenceData load(Path dir) throws IOException {
    List<District> districts = new ArrayList<>();
    for (Map<String, String> r : readCsv(dir.resolve("districts.csv"))) {
      districts.add(
          new District(
              required(r, "district_code"),
              required(r, "district_name"),
              r.get("district_kind"),
              required(r, "province_code"),
              date(r, "valid_from", true),
              date(r, "valid_to", false)));
    }
    List<Unit> units = new ArrayList<>();
    for (Map<String, String> r : readCsv(dir.resolve("units.csv"))) {
      String sectors = r.getOrDefault("sectors", "");
      units.add(
          new Unit(
              required(r, "unit_code"),
              required(r, "unit_name"),
              emptyToNull(r.get("district_code")),
              required(r, "kind"),
              sectors.isEmpty()
                  ? List.of()
                  : Arrays.stream(sectors.split(";")).map(String::trim).toList(),
              date(r, "valid_from", true),
              date(r, "valid_to", false),
              emptyToNull(r.get("leader_title")),
              emptyToNull(r.get("commune_code"))));
    }
    List<Commune> communes = new ArrayList<>();
    if (Files.exists(dir.resolve("communes.csv")))
      for (Map<String, String> r : readCsv(dir.resolve("communes.csv")))
        communes.add(
            new Commune(
                required(r, "commune_code"),
                required(r, "commune_name"),
                required(r, "commune_kind"),
                emptyToNull(r.get("district_code")),
                required(r, "province_code"),
                date(r, "valid_from", true),
                date(r, "valid_to", false)));
    List<Predecessor> predecessors = new ArrayList<>();
    if (Files.exists(dir.resolve("commune_predecessors.csv")))
      for (Map<String, String> r : readCsv(dir.resolve("commune_predecessors.csv")))
        predecessors.add(
            new Predecessor(
                required(r, "commune_code"),
                required(r, "predecessor_code"),
                date(r, "formed_on", true)));
    List<Service> services = new ArrayList<>();
    for (Map<String, String> r : readCsv(dir.resolve("services.csv"))) {
      String capable = required(r, "fully_online_capable");
      if (!capable.equals("true") && !capable.equals("false")) {
        throw new IllegalArgumentException(
            "services.csv: fully_online_capable must be true or false, got " + capable);
      }
      services.add(
          new Service(
              required(r, "service_code"),
              required(r, "service_name"),
              r.get("sector"),
              r.get("level"),
              capable.equals("true"),
              date(r, "valid_from", true),
              date(r, "valid_to", false)));
    }
    ReferenceData data =
        new ReferenceData(
            List.copyOf(districts),
            List.copyOf(communes),
            List.copyOf(predecessors),
            List.copyOf(units),
            List.copyOf(services));
    data.check();
    return data;
  }

  /**
   * A code may have several rows (a unit whose name or duties changed keeps its code and gets a new
   * row from the day of the change), but on any day at most one: periods of one code never overlap.
   * Periods are not inverted; every commune's and unit's district, and every unit's commune, exists
   * while they do; a commune's predecessors are valid the day before it formed, and it on that day.
   */
  void check() {
    List<Period> districtPeriods =
        districts.stream().map(d -> new Period(d.code(), d.validFrom(), d.validTo())).toList();
    List<Period> communePeriods =
        communes.stream().map(c -> new Period(c.code(), c.validFrom(), c.validTo())).toList();
    disjoint("district_code", districtPeriods);
    disjoint("commune_code", communePeriods);
    disjoint(
        "unit_code",
        units.stream().map(u -> new Period(u.code(), u.validFrom(), u.validTo())).toList());
    disjoint(
        "service_code",
        services.stream().map(s -> new Period(s.code(), s.validFrom(), s.validTo())).toList());
    for (Commune c : communes)
      if (c.districtCode() != null)
        covered(
            "commune " + c.code(),
            new Period(c.code(), c.validFrom(), c.validTo()),
            "district",
            c.districtCode(),
            districtPeriods);
    for (Unit u : units) {
      Period p = new Period(u.code(), u.validFrom(), u.validTo());
      if (u.districtCode() != null)
        covered("unit " + u.code(), p, "district", u.districtCode(), districtPeriods);
      if (u.communeCode() != null)
        covered("unit " + u.code(), p, "commune", u.communeCode(), communePeriods);
    }
    for (Predecessor p : predecessors) {
      String link = "commune " + p.communeCode() + " formed on " + p.formedOn();
      if (communes.stream()
          .noneMatch(c -> c.code().equals(p.communeCode()) && c.validOn(p.formedOn())))
        throw new IllegalArgumentException(link + ": no commune of that code valid that day");
      LocalDate before = p.formedOn().minusDays(1);
      if (communes.stream()
          .noneMatch(c -> c.code().equals(p.predecessorCode()) && c.validOn(before)))
        throw new IllegalArgumentException(
            link
                + ": its predecessor "
                + p.predecessorCode()
                + " is not a commune valid on "
                + before);
    }
  }

  private record Period(String code, LocalDate from, LocalDate to) {}

  /**
   * Refuses {@code what} when it is valid on a day on which no row of the area {@code areaCode}
   * ({@code areas}) is.
   */
  private static void covered(
      String what, Period p, String area, String areaCode, List<Period> areas) {
    List<Period> rows = areas.stream().filter(a -> a.code().equals(areaCode)).toList();
    if (rows.isEmpty())
      throw new IllegalArgumentException(what + ": unknown " + area + " " + areaCode);
    LocalDate from = rows.stream().map(Period::from).min(LocalDate::compareTo).orElseThrow();
    LocalDate to =
        rows.stream().anyMatch(a -> a.to() == null)
            ? null
            : rows.stream().map(Period::to).max(LocalDate::compareTo).orElseThrow();
    boolean inside =
        !p.from().isBefore(from) && (to == null || (p.to() != null && !p.to().isAfter(to)));
    if (!inside)
      throw new IllegalArgumentException(
          what + " is valid outside the validity of " + area + " " + areaCode);
  }

  private static void disjoint(String what, List<Period> periods) {
    Map<String, List<Period>> byCode = new HashMap<>();
    for (Period p : periods) {
      if (p.to() != null && p.to().isBefore(p.from()))
        throw new IllegalArgumentException(what + " " + p.code() + ": valid_to before valid_from");
      for (Period q : byCode.computeIfAbsent(p.code(), c -> new ArrayList<>())) {
        boolean overlap =
            (q.to() == null || !p.from().isAfter(q.to()))
                && (p.to() == null || !q.from().isAfter(p.to()));
        if (overlap)
          throw new IllegalArgumentException(
              "duplicate " + what + " " + p.code() + ": two rows valid on the same day");
      }
      byCode.get(p.code()).add(p);
    }
  }

  static String required(Map<String, String> r, String column) {
    String v = r.get(column);
    if (v == null || v.isEmpty())
      throw new IllegalArgumentException("missing " + column + " in " + r);
    return v;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static LocalDate date(Map<String, String> r, String column, boolean required) {
    String v = r.get(column);
    if (v == null || v.isEmpty()) {
      if (required) throw new IllegalArgumentException("missing " + column + " in " + r);
      return null;
    }
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(column + ": not a date (YYYY-MM-DD): " + v);
    }
  }

  /** Reads a UTF-8 CSV with a header row (RFC 4180 quoting) into one map per row. */
  static List<Map<String, String>> readCsv(Path file) throws IOException {
    List<List<String>> rows = parseCsv(Files.readString(file, StandardCharsets.UTF_8));
    if (rows.isEmpty()) throw new IllegalArgumentException(file + ": no header");
    List<String> header = rows.get(0);
    List<Map<String, String>> out = new ArrayList<>();
    for (int i = 1; i < rows.size(); i++) {
      List<String> row = rows.get(i);
      if (row.size() == 1 && row.get(0).isEmpty()) continue; // blank line
      if (row.size() != header.size()) {
        throw new IllegalArgumentException(
            file.getFileName()
                + " row "
                + (i + 1)
                + ": "
                + row.size()
                + " fields, header has "
                + header.size());
      }
      Map<String, String> m = new HashMap<>();
      for (int c = 0; c < header.size(); c++) m.put(header.get(c).trim(), row.get(c).trim());
      out.add(m);
    }
    return out;
  }

  static List<List<String>> parseCsv(String text) {
    if (text.startsWith("\uFEFF")) text = text.substring(1);
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      any = true;
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        any = false;
      } else {
        field.append(c);
      }
    }
    if (quoted) throw new IllegalArgumentException("unterminated quoted field");
    if (any) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }
}
