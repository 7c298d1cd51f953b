package vn.ioc.tools.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
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
 *        [--format csv|json] [--out FILE] [--reference DIR]
 * export service_rates --former-district CODE --period ... --from ... --to ... (the rest as above)
 * </pre>
 *
 * The windows whose start lies in [{@code --from}, {@code --to}] (local days, both included), as
 * {@link ServiceRatesExport} writes them; with {@code --former-district}, that district's figures
 * across the reform ({@link ServiceRatesExport#formerDistrict}); to {@code --out} or the standard
 * output.
 */
public final class ExportTool {
  private ExportTool() {}

  /** InfluxQL's time literal: RFC 3339 with seconds (it refuses {@code 2026-10-01T00:00+07:00}). */
  private static final java.time.format.DateTimeFormatter RFC3339 =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  static final Set<String> SCOPES =
      Set.of("province", "district", "commune", "unit", "unit_service");

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
        Set.of("scope", "period", "from", "to", "format", "out", "reference", "former-district"),
        Set.of());
  }

  /** What the command line asks for, checked: a mistake is an {@link IllegalArgumentException}. */
  public record Request(
      String scope, String former, Period period, LocalDate from, LocalDate to, String format) {}

  public static Request request(ToolArgs a) {
    if (a.positional.size() != 1 || !a.positional.get(0).equals("service_rates"))
      throw new IllegalArgumentException(
          "usage: export service_rates --scope S --period P --from YYYY-MM-DD --to YYYY-MM-DD"
              + " [--format csv|json] [--out FILE]");
    String former = a.get("former-district", null);
    String scope = former != null ? "district" : required(a, "scope");
    if (former != null && a.has("scope") && !a.get("scope", null).equals("district"))
      throw new IllegalArgumentException(
          "--former-district gives a district's figures: no --scope");
    if (!SCOPES.contains(scope))
      throw new IllegalArgumentException(
          "--scope is province, district, commune, unit or unit_service, not '" + scope + "'");
    Period period = Period.of(required(a, "period"));
    LocalDate from = day(a, "from");
    LocalDate to = day(a, "to");
    if (to.isBefore(from))
      throw new IllegalArgumentException("--to " + to + " is before --from " + from);
    String format = a.get("format", "csv");
    if (!format.equals("csv") && !format.equals("json"))
      throw new IllegalArgumentException("--format is csv or json, not '" + format + "'");
    return new Request(scope, former, period, from, to, format);
  }

  /** The export the command line asks for. */
  static byte[] run(ToolArgs a, IocConfig config) throws IOException {
    Request q = request(a);
    String former = q.former();
    String scope = q.scope();
    Period period = q.period();
    LocalDate from = q.from();
    LocalDate to = q.to();
    String format = q.format();
    ReferenceData reference =
        ReferenceData.load(Path.of(a.get("reference", "deploy/reference/nghe-an")));
    if (former != null && reference.districts().stream().noneMatch(d -> d.code().equals(former)))
      throw new IllegalArgumentException(
          "--former-district " + former + " is not a district of the reference data");
    Names names = Names.of(reference);
    ZoneId zone = config.get(IocConfig.TIMEZONE);
    List<ServiceRatesExport.Row> rows;
    List<String> columns = ServiceRatesExport.COLUMNS;
    try (InfluxDB influx = InfluxQueries.connect(config)) {
      String db = config.get(IocConfig.INFLUX_DB);
      if (former == null) {
        rows = ServiceRatesExport.rows(read(influx, db, scope, period, from, to, zone), period);
      } else {
        List<ServiceRatesExport.Point> own = new ArrayList<>();
        for (ServiceRatesExport.Point p : read(influx, db, "district", period, from, to, zone))
          if (former.equals(p.tags().get("district"))) own.add(p);
        rows =
            ServiceRatesExport.formerDistrict(
                former,
                own,
                read(influx, db, "commune", period, from, to, zone),
                reference,
                period);
        columns = ServiceRatesExport.FORMER_DISTRICT_COLUMNS;
      }
    } catch (org.influxdb.InfluxDBIOException e) {
      throw new UserError(
          UserError.SERVICES,
          "InfluxDB at "
              + config.get(IocConfig.INFLUX_URL)
              + " does not answer ("
              + e.getMessage()
              + "): start it with 'deploy/ioc services up'");
    }
    return format.equals("csv")
        ? ServiceRatesExport.csv(rows, names, columns)
        : ServiceRatesExport.json(rows, names, columns);
  }

  /** The points of {@code scope} in the window of {@code period} that start in [from, to]. */
  static List<ServiceRatesExport.Point> read(
      InfluxDB influx,
      String database,
      String scope,
      Period period,
      LocalDate from,
      LocalDate to,
      ZoneId zone) {
    String q =
        "SELECT online, direct, postal, fully_online, resolved_on_time, resolved_late"
            + " FROM service_rates WHERE scope = '"
            + scope
            + "' AND \"window\" = '"
            + period.window
            + "' AND time >= '"
            + RFC3339.format(from.atStartOfDay(zone))
            + "' AND time < '"
            + RFC3339.format(to.plusDays(1).atStartOfDay(zone))
            + "' GROUP BY *";
    List<ServiceRatesExport.Point> out = new ArrayList<>();
    for (InfluxQueries.Row r : InfluxQueries.rows(influx, database, q)) {
      long t = ((Number) r.values().get("time")).longValue();
      LocalDateTime start = LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(t), zone);
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
