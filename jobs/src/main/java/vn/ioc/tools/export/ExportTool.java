package vn.ioc.tools.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.influxdb.InfluxDB;
import vn.ioc.cli.ToolArgs;
import vn.ioc.cli.UserError;
import vn.ioc.config.IocConfig;
import vn.ioc.reference.Names;
import vn.ioc.reference.ReferenceData;
import vn.ioc.submissions.Counts;
import vn.ioc.tools.InfluxQueries;

/**
 * {@code deploy/ioc export}: figures for analysts, from InfluxDB.
 *
 * <pre>
 * export service_rates --scope province|district|commune|unit|unit_service
 *        --period minute|hour|day|month|quarter|half-year|year --from YYYY-MM-DD --to YYYY-MM-DD
 * export service_rates --former-district CODE --period ... --from ... --to ...
 * export item_status --at YYYY-MM-DD
 * export progress_summary [--scope province|group|owner_unit] --period ... --from ... --to ...
 *        (each: [--format csv|json] [--out FILE] [--reference DIR])
 * </pre>
 *
 * Of {@code service_rates}, the windows whose start lies in [{@code --from}, {@code --to}] (local
 * days, both included), as {@link ServiceRatesExport} writes them; with {@code --former-district},
 * that district's figures across the reform ({@link ServiceRatesExport#formerDistrict}); of the
 * programme, {@link ProgrammeExport}'s. To {@code --out} or the standard output.
 */
public final class ExportTool {
  private ExportTool() {}

  /** InfluxQL's time literal: RFC 3339 with seconds (it refuses {@code 2026-10-01T00:00+07:00}). */
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  static final Set<String> SCOPES =
      Set.of("province", "district", "commune", "unit", "unit_service");
  static final Set<String> SUMMARY_SCOPES = Set.of("province", "group", "owner_unit");

  private static final String USAGE =
      "usage: export service_rates --scope S --period P --from YYYY-MM-DD --to YYYY-MM-DD,"
          + " export item_status --at YYYY-MM-DD, or export progress_summary --period P --from"
          + " YYYY-MM-DD --to YYYY-MM-DD; [--format csv|json] [--out FILE]";

  public static void main(String[] args) throws Exception {
    ToolArgs a = arguments(args);
    IocConfig config = IocConfig.load(System.getenv(), a.configFlags());
    byte[] out = run(a, config);
    if (a.has("out")) Files.write(Path.of(a.get("out", null)), out);
    else {
      System.out.write(out);
      System.out.flush();
    }
  }

  /** The command line: the export's options, and configuration flags ({@code --key=value}). */
  public static ToolArgs arguments(String... args) {
    return ToolArgs.parse(
        args,
        Set.of(
            "scope", "period", "from", "to", "at", "format", "out", "reference", "former-district"),
        Set.of());
  }

  /**
   * What the command line asks for, checked: a mistake is an {@link IllegalArgumentException}.
   * Unused parts are null.
   */
  public record Request(
      String measurement,
      String scope,
      String former,
      Period period,
      LocalDate from,
      LocalDate to,
      String format) {}

  public static Request request(ToolArgs a) {
    if (a.positional.size() != 1) throw new IllegalArgumentException(USAGE);
    String measurement = a.positional.get(0);
    String format = a.get("format", "csv");
    if (!format.equals("csv") && !format.equals("json"))
      throw new IllegalArgumentException("--format is csv or json, not '" + format + "'");
    switch (measurement) {
      case "item_status" -> {
        LocalDate at = day(a, "at");
        return new Request(measurement, null, null, Period.DAY, at, at, format);
      }
      case "progress_summary" -> {
        String scope = a.get("scope", "province");
        if (!SUMMARY_SCOPES.contains(scope))
          throw new IllegalArgumentException(
              "--scope of progress_summary is province, group or owner_unit, not '" + scope + "'");
        return range(a, measurement, scope, null, format);
      }
      case "service_rates" -> {
        String former = a.get("former-district", null);
        if (former != null && a.has("scope"))
          throw new IllegalArgumentException(
              "--former-district gives a district's figures: no --scope");
        String scope = former != null ? "district" : required(a, "scope");
        if (!SCOPES.contains(scope))
          throw new IllegalArgumentException(
              "--scope is province, district, commune, unit or unit_service, not '" + scope + "'");
        return range(a, measurement, scope, former, format);
      }
      default -> throw new IllegalArgumentException(USAGE);
    }
  }

  private static Request range(
      ToolArgs a, String measurement, String scope, String former, String format) {
    Period period = Period.of(required(a, "period"));
    LocalDate from = day(a, "from");
    LocalDate to = day(a, "to");
    if (to.isBefore(from))
      throw new IllegalArgumentException("--to " + to + " is before --from " + from);
    return new Request(measurement, scope, former, period, from, to, format);
  }

  /** The export the command line asks for. */
  static byte[] run(ToolArgs a, IocConfig config) throws IOException {
    Request q = request(a);
    ReferenceData reference =
        ReferenceData.load(Path.of(a.get("reference", "deploy/reference/nghe-an")));
    if (q.former() != null
        && reference.districts().stream().noneMatch(d -> d.code().equals(q.former())))
      throw new IllegalArgumentException(
          "--former-district " + q.former() + " is not a district of the reference data");
    Names names = Names.of(reference);
    ZoneId zone = config.get(IocConfig.TIMEZONE);
    try (InfluxDB influx = InfluxQueries.connect(config)) {
      Reader read = new Reader(influx, config.get(IocConfig.INFLUX_DB), zone, q);
      Table table =
          switch (q.measurement()) {
            case "item_status" -> ProgrammeExport.items(read.newestItems(), q.from(), names);
            case "progress_summary" ->
                ProgrammeExport.summaries(read.summaries(), q.period(), names);
            default -> serviceRates(read, q, reference, names);
          };
      return table.bytes(q.format());
    } catch (org.influxdb.InfluxDBIOException e) {
      throw new UserError(
          UserError.SERVICES,
          "InfluxDB at "
              + config.get(IocConfig.INFLUX_URL)
              + " does not answer ("
              + e.getMessage()
              + "): start it with 'deploy/ioc services up'");
    }
  }

  private static Table serviceRates(Reader read, Request q, ReferenceData reference, Names names) {
    if (q.former() == null)
      return ServiceRatesExport.table(
          ServiceRatesExport.rows(read.serviceRates(q.scope()), q.period()),
          names,
          ServiceRatesExport.COLUMNS);
    List<ServiceRatesExport.Point> own = new ArrayList<>();
    for (ServiceRatesExport.Point p : read.serviceRates("district"))
      if (q.former().equals(p.tags().get("district"))) own.add(p);
    return ServiceRatesExport.table(
        ServiceRatesExport.formerDistrict(
            q.former(), own, read.serviceRates("commune"), reference, q.period()),
        names,
        ServiceRatesExport.FORMER_DISTRICT_COLUMNS);
  }

  /** The queries of one request. */
  private record Reader(InfluxDB influx, String database, ZoneId zone, Request q) {
    private String range() {
      return " time >= '"
          + RFC3339.format(q.from().atStartOfDay(zone))
          + "' AND time < '"
          + RFC3339.format(q.to().plusDays(1).atStartOfDay(zone))
          + "'";
    }

    private LocalDateTime local(InfluxQueries.Row r) {
      long t = ((Number) r.values().get("time")).longValue();
      return LocalDateTime.ofInstant(Instant.ofEpochMilli(t), zone);
    }

    /** The points of {@code scope} in the window of the period that start in the range. */
    List<ServiceRatesExport.Point> serviceRates(String scope) {
      Period period = q.period();
      String query =
          "SELECT online, direct, postal, fully_online, resolved_on_time, resolved_late"
              + " FROM service_rates WHERE scope = '"
              + scope
              + "' AND \"window\" = '"
              + period.window
              + "' AND"
              + range()
              + " GROUP BY *";
      List<ServiceRatesExport.Point> out = new ArrayList<>();
      for (InfluxQueries.Row r : InfluxQueries.rows(influx, database, query)) {
        LocalDateTime start = local(r);
        LocalDateTime end =
            switch (period.window) {
              case "1m" -> start.plusMinutes(1);
              case "1h" -> start.plusHours(1);
              case "1d" -> start.plusDays(1);
              default -> start.plusMonths(1);
            };
        Map<String, String> tags = new TreeMap<>(r.tags());
        tags.remove("window");
        out.add(
            new ServiceRatesExport.Point(
                start,
                end,
                tags,
                new Counts(
                    count(r, "online"),
                    count(r, "direct"),
                    count(r, "postal"),
                    count(r, "fully_online"),
                    count(r, "resolved_on_time"),
                    count(r, "resolved_late"))));
      }
      return out;
    }

    /** Each item's newest point up to the end of the day asked. */
    List<ProgrammeExport.Point> newestItems() {
      String query =
          "SELECT * FROM item_status WHERE time < '"
              + RFC3339.format(q.to().plusDays(1).atStartOfDay(zone))
              + "' GROUP BY * ORDER BY time DESC LIMIT 1";
      return programme(query);
    }

    /** The summaries of the scope in the range. */
    List<ProgrammeExport.Point> summaries() {
      return programme(
          "SELECT * FROM progress_summary WHERE scope = '"
              + q.scope()
              + "' AND"
              + range()
              + " GROUP BY *");
    }

    private List<ProgrammeExport.Point> programme(String query) {
      List<ProgrammeExport.Point> out = new ArrayList<>();
      for (InfluxQueries.Row r : InfluxQueries.rows(influx, database, query)) {
        Map<String, Object> fields = new TreeMap<>(r.values());
        fields.remove("time");
        out.add(new ProgrammeExport.Point(local(r), r.tags(), fields));
      }
      return out;
    }
  }

  private static long count(InfluxQueries.Row r, String field) {
    Object v = r.values().get(field);
    return v == null ? 0 : ((Number) v).longValue();
  }

  private static String required(ToolArgs a, String option) {
    if (!a.has(option)) throw new IllegalArgumentException("--" + option + " is needed");
    return a.get(option, null);
  }

  private static LocalDate day(ToolArgs a, String option) {
    String v = required(a, option);
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--" + option + " is a day such as 2026-01-31, not '" + v + "'");
    }
  }
}
