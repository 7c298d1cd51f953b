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
 * The unit, service, district and commune codes of the reference data with their validity (local
 * dates, inclusive), to tell unknown codes apart in feed health. A code used outside its validity
 * counts as unknown: a unit that no longer exists should not be reporting. A district that the
 * reference data lists, but as ended before the day, has {@link #districtEnded ended}: since 1 July
 * 2025 every district has.
 */
public final class KnownCodes implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Validity of one code: epoch days, inclusive; Long.MIN/MAX_VALUE for open ends. */
  record Validity(long fromDay, long toDay) implements Serializable {}

  private final Map<String, List<Validity>> units;
  private final Map<String, List<Validity>> services;
  private final Map<String, List<Validity>> districts;
  private final Map<String, List<Validity>> communes;
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
    Map<String, List<Validity>> districts = new HashMap<>();
    for (ReferenceData.District d : reference.districts())
      districts
          .computeIfAbsent(d.code(), c -> new java.util.ArrayList<>())
          .add(validity(d.validFrom(), d.validTo()));
    Map<String, List<Validity>> communes = new HashMap<>();
    for (ReferenceData.Commune c : reference.communes())
      communes
          .computeIfAbsent(c.code(), x -> new java.util.ArrayList<>())
          .add(validity(c.validFrom(), c.validTo()));
    return new KnownCodes(units, services, districts, communes, zone);
  }

  /** Units and services only: every district and commune is taken as known. */
  public KnownCodes(
      Map<String, List<Validity>> units, Map<String, List<Validity>> services, ZoneId zone) {
    this(units, services, Map.of(), null, zone);
  }

  /**
   * @param communes null when the reference data lists no communes: every commune is then known
   */
  public KnownCodes(
      Map<String, List<Validity>> units,
      Map<String, List<Validity>> services,
      Map<String, List<Validity>> districts,
      Map<String, List<Validity>> communes,
      ZoneId zone) {
    this.units = new HashMap<>(units);
    this.services = new HashMap<>(services);
    this.districts = new HashMap<>(districts);
    this.communes = communes == null || communes.isEmpty() ? null : new HashMap<>(communes);
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

  /**
   * Whether {@code code} (null: none) is a commune valid at {@code at}, or no communes are listed.
   */
  public boolean knownCommune(String code, long at) {
    return code == null || communes == null || known(communes, code, at);
  }

  /**
   * Whether {@code code} is a district the reference data lists whose every period ended before the
   * day of {@code at}: an area that no longer exists (an unknown code has not ended).
   */
  public boolean districtEnded(String code, long at) {
    List<Validity> validity = code == null ? null : districts.get(code);
    if (validity == null) return false;
    long day = day(at);
    for (Validity v : validity) if (day <= v.toDay()) return false;
    return true;
  }

  private boolean known(Map<String, List<Validity>> codes, String code, long at) {
    List<Validity> validity = codes.get(code);
    if (validity == null) return false;
    long day = day(at);
    for (Validity v : validity) if (day >= v.fromDay() && day <= v.toDay()) return true;
    return false;
  }

  private long day(long at) {
    return Instant.ofEpochMilli(at).atZone(zone).toLocalDate().toEpochDay();
  }

  public int unitCount() {
    return units.size();
  }

  public int serviceCount() {
    return services.size();
  }
}
