package vn.ioc.health;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.ioc.reference.ReferenceData;

/**
 * The unit and service codes of the reference data with their validity (local dates, inclusive), to
 * tell unknown codes apart in feed health. A code used outside its validity counts as unknown: a
 * unit that no longer exists should not be reporting.
 */
public final class KnownCodes implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Validity of one code: epoch days, inclusive; Long.MIN/MAX_VALUE for open ends. */
  record Validity(long fromDay, long toDay) implements Serializable {}

  private final Map<String, List<Validity>> units;
  private final Map<String, List<Validity>> services;
  private final ZoneId zone;

  /** The codes of the reference data (a code may have several rows with disjoint validity). */
  public static KnownCodes from(ReferenceData reference, ZoneId zone) {
    Map<String, List<Validity>> units = new HashMap<>();
    for (ReferenceData.Unit u : reference.units()) {
      units
          .computeIfAbsent(u.code(), c -> new java.util.ArrayList<>())
          .add(validity(u.validFrom(), u.validTo()));
    }
    Map<String, List<Validity>> services = new HashMap<>();
    for (ReferenceData.Service s : reference.services()) {
      services
          .computeIfAbsent(s.code(), c -> new java.util.ArrayList<>())
          .add(validity(s.validFrom(), s.validTo()));
    }
    return new KnownCodes(units, services, zone);
  }

  public KnownCodes(
      Map<String, List<Validity>> units, Map<String, List<Validity>> services, ZoneId zone) {
    this.units = new HashMap<>(units);
    this.services = new HashMap<>(services);
    this.zone = zone;
  }

  static Validity validity(LocalDate from, LocalDate to) {
    return new Validity(
        from == null ? Long.MIN_VALUE : from.toEpochDay(),
        to == null ? Long.MAX_VALUE : to.toEpochDay());
  }

  public boolean knownUnit(String code, long at) {
    return known(units, code, at);
  }

  public boolean knownService(String code, long at) {
    return code == null || known(services, code, at);
  }

  private boolean known(Map<String, List<Validity>> codes, String code, long at) {
    List<Validity> validity = codes.get(code);
    if (validity == null) return false;
    long day = Instant.ofEpochMilli(at).atZone(zone).toLocalDate().toEpochDay();
    for (Validity v : validity) if (day >= v.fromDay() && day <= v.toDay()) return true;
    return false;
  }

  public int unitCount() {
    return units.size();
  }

  public int serviceCount() {
    return services.size();
  }
}
