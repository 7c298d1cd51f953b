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
 * A province's reference data as kept in {@code deploy/reference/<province>/}: districts, units
 * (receiving agencies) and public services, each valid over [valid_from, valid_to] (inclusive; an
 * empty valid_to means still valid). Columns are found by header name, so adding a column never
 * breaks a reader.
 */
public record ReferenceData(List<District> districts, List<Unit> units, List<Service> services) {

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

  /** A receiving unit; {@code districtCode} is null for a province-level agency. */
  public record Unit(
      String code,
      String name,
      String districtCode,
      String kind,
      List<String> sectors,
      LocalDate validFrom,
      LocalDate validTo,
      String leaderTitle) {
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

  public List<Unit> unitsOn(LocalDate d) {
    return units.stream().filter(u -> u.validOn(d)).toList();
  }

  public List<Service> servicesOn(LocalDate d) {
    return services.stream().filter(s -> s.validOn(d)).toList();
  }

  /** Each unit's name, its latest (the version valid from the latest date), by unit code. */
  public Map<String, String> unitNames() {
    Map<String, String> names = new HashMap<>();
    Map<String, LocalDate> since = new HashMap<>();
    for (Unit u : units) {
      LocalDate from = since.get(u.code());
      if (from != null && from.isAfter(u.validFrom())) continue;
      since.put(u.code(), u.validFrom());
      names.put(u.code(), u.name());
    }
    return Map.copyOf(names);
  }

  /**
   * Loads and checks {@code districts.csv}, {@code units.csv}, {@code services.csv} of a folder.
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
              emptyToNull(r.get("leader_title"))));
    }
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
        new ReferenceData(List.copyOf(districts), List.copyOf(units), List.copyOf(services));
    data.check();
    return data;
  }

  /**
   * A code may have several rows (a unit whose name or duties changed keeps its code and gets a new
   * row from the day of the change), but on any day at most one: periods of one code never overlap.
   * Periods are not inverted, and every unit's district exists while the unit does.
   */
  void check() {
    disjoint(
        "district_code",
        districts.stream().map(d -> new Period(d.code(), d.validFrom(), d.validTo())).toList());
    disjoint(
        "unit_code",
        units.stream().map(u -> new Period(u.code(), u.validFrom(), u.validTo())).toList());
    disjoint(
        "service_code",
        services.stream().map(s -> new Period(s.code(), s.validFrom(), s.validTo())).toList());
    for (Unit u : units) {
      if (u.districtCode() == null) continue;
      List<District> rows =
          districts.stream().filter(d -> d.code().equals(u.districtCode())).toList();
      if (rows.isEmpty())
        throw new IllegalArgumentException(
            "unit " + u.code() + ": unknown district " + u.districtCode());
      LocalDate from =
          rows.stream().map(District::validFrom).min(LocalDate::compareTo).orElseThrow();
      LocalDate to =
          rows.stream().anyMatch(d -> d.validTo() == null)
              ? null
              : rows.stream().map(District::validTo).max(LocalDate::compareTo).orElseThrow();
      boolean covered =
          !u.validFrom().isBefore(from)
              && (to == null || (u.validTo() != null && !u.validTo().isAfter(to)));
      if (!covered) {
        throw new IllegalArgumentException(
            "unit " + u.code() + " is valid outside the validity of district " + u.districtCode());
      }
    }
  }

  private record Period(String code, LocalDate from, LocalDate to) {}

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
