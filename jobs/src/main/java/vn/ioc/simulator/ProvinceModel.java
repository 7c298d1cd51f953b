package vn.ioc.simulator;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.reference.ReferenceData;
import vn.ioc.reference.ReferenceData.Commune;
import vn.ioc.reference.ReferenceData.District;
import vn.ioc.reference.ReferenceData.Service;
import vn.ioc.reference.ReferenceData.Unit;

/**
 * How each agency of a province behaves, derived from the province's reference data and a seed:
 * which services it receives, how busy it is, its online, fully-online and on-time shares and how
 * they drift, when it is open and how it reports. Everything about a unit is a function of the seed
 * and the unit's code alone, so a unit added to or removed from the reference data changes no other
 * unit's behaviour.
 */
public final class ProvinceModel {
  /** How a unit's reporting system sends its counts. */
  public enum ReportStyle {
    /** One report per open office hour and service, zero counts included. */
    HOURLY,
    /** One message per application as it arrives (no period end, no resolution counts). */
    INSTANT,
    /** One summary per open day and service, sent the next morning (a small rural one-stop). */
    DAILY
  }

  /** Office hours that have reports (07:00–11:30 and 13:30–17:00 local time; 12:00 is lunch). */
  static final int[] WEEKDAY_HOURS = {7, 8, 9, 10, 11, 13, 14, 15, 16};

  /** Saturday and Sunday mornings, for the units open then. */
  static final int[] WEEKEND_HOURS = {7, 8, 9, 10};

  /** Relative traffic by hour of day: mornings are busy, the edges of the day are quiet. */
  static double hourWeight(int hour) {
    return switch (hour) {
      case 7 -> 0.6;
      case 8 -> 1.0;
      case 9 -> 1.2;
      case 10 -> 1.1;
      case 11 -> 0.5;
      case 13 -> 0.6;
      case 14 -> 1.1;
      case 15 -> 1.0;
      case 16 -> 0.7;
      default -> 0;
    };
  }

  /** The minutes of an office hour that are open: 11:00–11:30 and 13:30–14:00 are half hours. */
  static int openMinuteFrom(int hour) {
    return hour == 13 ? 30 : 0;
  }

  static int openMinuteTo(int hour) {
    return hour == 11 ? 30 : 60;
  }

  /** A service as one unit receives it. */
  public record ServiceProfile(
      Service service,
      double perHour,
      double onlineBase,
      double onlineTrendPerWeek,
      double onlinePhase) {}

  /** One agency's behaviour. */
  public record UnitProfile(
      Unit unit,
      ReportStyle style,
      boolean openSaturday,
      boolean openSunday,
      List<ServiceProfile> services,
      double fullyOnlineShare,
      double onTimeBase,
      double onTimePhase) {

    /**
     * The office hours with reports on a day; empty when the unit is closed: an official day off
     * closes every unit, a make-up working day (a Saturday worked for a bridge day) opens every
     * unit for a weekday's hours.
     */
    public int[] openHours(LocalDate day, WorkingDays calendar) {
      if (calendar.dayOff(day) != null) return new int[0];
      DayOfWeek d = day.getDayOfWeek();
      boolean weekend = d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY;
      if (weekend && calendar.isWorkingDay(day)) return WEEKDAY_HOURS;
      return openHours(d);
    }

    /** The office hours with reports on an ordinary day of the week. */
    public int[] openHours(DayOfWeek d) {
      return switch (d) {
        case SATURDAY -> openSaturday ? WEEKEND_HOURS : new int[0];
        case SUNDAY -> openSunday ? WEEKEND_HOURS : new int[0];
        default -> WEEKDAY_HOURS;
      };
    }
  }

  private static final double SEASON_WEEKS = 6;

  /** A commune centre's traffic against a district one-stop's. */
  static final double COMMUNE_SHARE = 0.2;

  private final ReferenceData reference;
  private final long seed;
  private final int servicesPerUnit;
  private final double volume;
  private final Map<String, ReportStyle> styles = new HashMap<>();
  private final Map<Unit, UnitProfile> profiles = new HashMap<>();
  private final Map<LocalDate, List<UnitProfile>> byDay = new HashMap<>();

  /**
   * @param servicesPerUnit how many of the services a unit receives it reports (the busiest shape
   *     is all of them; a demo needs fewer)
   * @param volume a factor on every unit's traffic
   */
  public ProvinceModel(ReferenceData reference, long seed, int servicesPerUnit, double volume) {
    if (servicesPerUnit < 1) throw new IllegalArgumentException("services per unit must be >= 1");
    if (!(volume > 0)) throw new IllegalArgumentException("volume must be > 0");
    this.reference = reference;
    this.seed = seed;
    this.servicesPerUnit = servicesPerUnit;
    this.volume = volume;
    chooseStyles();
  }

  public ReferenceData reference() {
    return reference;
  }

  /**
   * Three district one-stops report each application as it arrives and two rural ones send a daily
   * summary; from 1 July 2025, eight commune centres report as applications arrive and twelve of
   * rural communes (xã) daily; the rest report hourly. Chosen by the seed among every district
   * unit, and apart among every commune centre, of the reference data (whatever their validity), so
   * the choice does not change with the day.
   */
  private void chooseStyles() {
    Map<String, String> districtKind = new HashMap<>();
    for (District d : reference.districts()) districtKind.put(d.code(), d.kind());
    Map<String, String> communeKind = new HashMap<>();
    for (Commune c : reference.communes()) communeKind.put(c.code(), c.kind());
    Map<String, Unit> districtUnits = new TreeMap<>();
    Map<String, Unit> communeUnits = new TreeMap<>();
    for (Unit u : reference.units()) {
      if (u.districtCode() != null) districtUnits.putIfAbsent(u.code(), u);
      if (u.communeCode() != null) communeUnits.putIfAbsent(u.code(), u);
    }
    chooseStyles(
        districtUnits, 3, 2, u -> "rural-district".equals(districtKind.get(u.districtCode())));
    chooseStyles(communeUnits, 8, 12, u -> "commune".equals(communeKind.get(u.communeCode())));
  }

  private void chooseStyles(
      Map<String, Unit> units,
      int instants,
      int dailies,
      java.util.function.Predicate<Unit> rural) {
    List<Unit> ranked =
        units.values().stream()
            .sorted(Comparator.comparingLong((Unit u) -> mix(seed, code(u.code()), 1)))
            .toList();
    int instant = 0;
    int daily = 0;
    for (Unit u : ranked) {
      if (instant < instants) {
        styles.put(u.code(), ReportStyle.INSTANT);
        instant++;
      } else if (daily < dailies && rural.test(u)) {
        styles.put(u.code(), ReportStyle.DAILY);
        daily++;
      }
    }
  }

  /** The units that report on a day (valid that day and receiving at least one service). */
  public List<UnitProfile> unitsOn(LocalDate day) {
    return byDay.computeIfAbsent(
        day,
        d -> {
          List<UnitProfile> out = new ArrayList<>();
          List<Service> services = reference.servicesOn(d);
          for (Unit u : reference.unitsOn(d)) {
            UnitProfile p = profiles.computeIfAbsent(u, x -> profile(x, services));
            if (!p.services().isEmpty()) out.add(p);
          }
          out.sort(Comparator.comparing(p -> p.unit().code()));
          return List.copyOf(out);
        });
  }

  private UnitProfile profile(Unit u, List<Service> services) {
    SplittableRandom r = new SplittableRandom(mix(seed, code(u.code()), 2));
    boolean local = localOneStop(u);
    boolean police = "police".equals(u.kind());
    boolean capital = "412".equals(areaDistrict(u));
    // a commune takes about a fifth of a former district's local traffic (130 communes for 21)
    double share = u.communeCode() != null ? COMMUNE_SHARE : 1;
    double unitOnlineOffset = -0.1 + 0.2 * r.nextDouble();
    List<Service> eligible =
        new ArrayList<>(
            receives(u, services).stream()
                .sorted(Comparator.comparingLong(s -> mix(seed, code(u.code()), code(s.code()))))
                .limit(servicesPerUnit)
                .sorted(Comparator.comparing(Service::code))
                .toList());
    List<ServiceProfile> sp = new ArrayList<>();
    for (Service s : eligible) {
      SplittableRandom rs = new SplittableRandom(mix(seed, code(u.code()), code(s.code())));
      double perHour =
          (police
                  ? 1.0 + 3.0 * rs.nextDouble()
                  : local ? 0.4 + 1.6 * rs.nextDouble() : 0.15 + 0.85 * rs.nextDouble())
              * (capital ? 2 : 1)
              * share
              * volume;
      double online =
          (s.fullyOnlineCapable() ? 0.45 + 0.4 * rs.nextDouble() : 0.05 + 0.25 * rs.nextDouble())
              + unitOnlineOffset;
      double trend = -0.005 + 0.02 * rs.nextDouble();
      sp.add(new ServiceProfile(s, perHour, online, trend, rs.nextDouble()));
    }
    return new UnitProfile(
        u,
        styles.getOrDefault(u.code(), ReportStyle.HOURLY),
        local || police,
        police,
        List.copyOf(sp),
        0.5 + 0.45 * r.nextDouble(),
        0.85 + 0.14 * r.nextDouble(),
        r.nextDouble());
  }

  /**
   * The services a unit receives: a local one-stop (a district's, then a commune's centre) takes
   * every district- and commune-level procedure except police ones; the province's service centre
   * every province-level procedure except police ones; a provincial agency the province-level
   * procedures of its sectors, and the police theirs at every level.
   */
  static List<Service> receives(Unit u, List<Service> services) {
    boolean local = localOneStop(u);
    boolean centre = u.sectors().contains("province");
    return services.stream()
        .filter(
            s ->
                local
                    ? !"province".equals(s.level()) && !"police".equals(s.sector())
                    : centre
                        ? "province".equals(s.level()) && !"police".equals(s.sector())
                        : u.sectors().contains(s.sector())
                            && ("province".equals(s.level()) || "police".equals(s.sector())))
        .sorted(Comparator.comparing(Service::code))
        .toList();
  }

  /** A district's one-stop until 30 June 2025, a commune's centre from 1 July 2025. */
  static boolean localOneStop(Unit u) {
    return u.districtCode() != null || u.communeCode() != null;
  }

  /**
   * The district of a unit's area: its own, or for a commune centre the district most of its
   * commune's predecessors belonged to; null for the province's agencies.
   */
  private String areaDistrict(Unit u) {
    if (u.districtCode() != null) return u.districtCode();
    if (u.communeCode() == null) return null;
    for (Commune c : reference.communesOn(u.validFrom()))
      if (c.code().equals(u.communeCode())) return reference.formerDistrict(c);
    return null;
  }

  /**
   * The share of a service's applications that come online on a day: the unit's base, a trend of up
   * to a couple of points a week, and a six-week seasonal swing of ±5 points.
   */
  static double onlineShare(ServiceProfile s, LocalDate day) {
    double weeks = day.toEpochDay() / 7.0;
    double share =
        s.onlineBase()
            + s.onlineTrendPerWeek() * (weeks - 2800) // anchored near 2023 so trends stay small
            + 0.05 * Math.sin(2 * Math.PI * (weeks / SEASON_WEEKS + s.onlinePhase()));
    return clamp(share, 0.02, 0.98);
  }

  /** The share of resolutions on time, drifting ±3 points over the seasons. */
  static double onTimeShare(UnitProfile u, LocalDate day) {
    double weeks = day.toEpochDay() / 7.0;
    return clamp(
        u.onTimeBase() + 0.03 * Math.sin(2 * Math.PI * (weeks / SEASON_WEEKS + u.onTimePhase())),
        0.5,
        0.995);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** A stable 64-bit code of a string (FNV-1a over its UTF-8 bytes): the same on every JVM. */
  static long code(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** Mixes numbers into one well-spread seed (SplitMix64 finalizer per part). */
  static long mix(long... parts) {
    long h = 0x9E3779B97F4A7C15L;
    for (long p : parts) {
      h ^= p;
      h *= 0xBF58476D1CE4E5B9L;
      h ^= h >>> 31;
      h *= 0x94D049BB133111EBL;
      h ^= h >>> 29;
    }
    return h;
  }
}
