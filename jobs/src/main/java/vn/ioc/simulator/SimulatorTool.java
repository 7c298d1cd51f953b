package vn.ioc.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.cli.ToolArgs;
import vn.ioc.config.IocConfig;
import vn.ioc.reference.ReferenceData;
import vn.ioc.simulator.Emission.Kind;
import vn.ioc.tools.ProduceTool;

/**
 * {@code deploy/ioc simulate}: the simulated province feed, to Kafka or to a JSON-lines file.
 *
 * <pre>
 * simulate [--start 2024-10-14[T08:00+07:00]] [--duration 7d|36h|forever] [--speed N|max]
 *          [--rate MSG_PER_S] [--seed 42] [--out FILE] [--topic T (default: the submissions topic)]
 *          [--position FILE [--fresh]] [--services-per-unit 6] [--volume 1.0]
 *          [--late 0.01] [--redelivery 0.005] [--correction 0.005] [--malformed 0.002]
 *          [--silent-hours 6] [--reference DIR] [--calendar DIR] [--status-every SECONDS]
 *          [--present 2026-12-08T09:30]
 * simulate --programme DIR [--move-to-start] [--tick-every 1m|none] (and the options above)
 * </pre>
 *
 * <p>{@code --speed N} runs the simulated clock N times faster than the wall clock (1440: a
 * simulated day per minute) and sends each message when the clock reaches its arrival; {@code max}
 * sends as fast as possible. Either way no message is sent before the present reaches its arrival:
 * a run that catches up with the present goes on in real time ({@code --present}: what the present
 * is taken to be when the run starts, for rehearsals and tests). {@code --rate} caps the messages
 * sent per second either way. {@code --move-to-start} moves the programme to the week of {@code
 * --start} ({@link ProgrammeMove}). {@code --position} keeps where a run stopped (the last message
 * sent, written after Kafka acknowledged it), so the next run with the same settings continues
 * exactly there: nothing is lost and nothing is sent twice.
 *
 * <p>Kafka going away pauses the run rather than ending it: the producer keeps what it has not yet
 * acknowledged and sending waits, for up to {@link ProduceTool#OUTAGE_TOLERANCE}; once the broker
 * is back the run carries on, each message on the topic once. Past that, it stops with one line
 * that says how to carry on.
 */
public final class SimulatorTool {
  private SimulatorTool() {}

  public static final String DEFAULT_START = "2024-10-14";
  public static final String DEFAULT_REFERENCE = "deploy/reference/nghe-an";
  public static final String DEFAULT_CALENDAR = "deploy/calendar";
  public static final String DEFAULT_PROGRAMME = "deploy/programme/nghe-an-2024";

  /**
   * How long a stop (Ctrl-C, SIGTERM) waits for Kafka to acknowledge what was sent: ample for a
   * full producer buffer on a broker that answers, and short of the 30 s the demo gives the
   * simulator to stop. A broker that is away then does not hold the stop up for the producer's
   * whole delivery timeout.
   */
  static final Duration STOP_WAIT = Duration.ofSeconds(20);

  /** The options of one run, parsed. */
  public record Options(
      Simulation.Settings settings,
      double speed, // 0: as fast as possible
      double rate, // 0: no cap
      String out,
      String topic,
      Path position,
      boolean fresh,
      int statusEvery,
      String fingerprint,
      ProgrammeSimulation.Settings programme, // null: the submissions feed
      String clockTopic,
      // null: the wall clock's; else what the present is taken to be when the run starts
      Instant present) {}

  /**
   * A mistake in the command line, a position of another simulation or a missing topic is an {@link
   * IllegalArgumentException}: the launcher says it in one line and ends with exit code 2.
   */
  public static void main(String[] args) throws Exception {
    ToolArgs a = arguments(args);
    if (!a.positional.isEmpty()) throw new IllegalArgumentException("unexpected " + a.positional);
    IocConfig config = IocConfig.load(System.getenv(), a.configFlags());
    System.exit(run(options(a, config), config));
  }

  /** The command line: the simulator's options, and configuration flags ({@code --key=value}). */
  public static ToolArgs arguments(String... args) {
    return ToolArgs.parse(
        args,
        Set.of(
            "start",
            "duration",
            "speed",
            "rate",
            "seed",
            "out",
            "topic",
            "position",
            "services-per-unit",
            "volume",
            "late",
            "redelivery",
            "correction",
            "malformed",
            "silent-hours",
            "reference",
            "calendar",
            "status-every",
            "programme",
            "tick-every",
            "clock-topic",
            "present"),
        Set.of("fresh", "move-to-start"));
  }

  public static Options options(ToolArgs a, IocConfig config) throws IOException {
    ZoneId zone = config.get(IocConfig.TIMEZONE);
    Instant start = parseInstant(a.get("start", DEFAULT_START), zone);
    String speedArg = a.get("speed", "max");
    double speed = speedArg.equals("max") ? 0 : Double.parseDouble(speedArg);
    if (speed < 0 || Double.isNaN(speed))
      throw new IllegalArgumentException("--speed must be a positive number or max");
    String durationArg = a.get("duration", speed == 0 ? "1d" : "forever");
    Instant end = durationArg.equals("forever") ? null : start.plus(parseDuration(durationArg));
    long seed = Long.parseLong(a.get("seed", "42"));
    int servicesPerUnit = a.getInt("services-per-unit", 6);
    double volume = Double.parseDouble(a.get("volume", "1"));
    Anomalies d = Anomalies.DEFAULT;
    Anomalies anomalies =
        new Anomalies(
            share(a, "late", d.late()),
            share(a, "redelivery", d.redelivery()),
            share(a, "correction", d.correction()),
            share(a, "malformed", d.malformed()),
            a.getInt("silent-hours", d.silentHours()));
    ReferenceData reference = ReferenceData.load(Path.of(a.get("reference", DEFAULT_REFERENCE)));
    ProvinceModel model = new ProvinceModel(reference, seed, servicesPerUnit, volume);
    String province = config.get(IocConfig.PROVINCE);
    Path calendarDir = Path.of(a.get("calendar", DEFAULT_CALENDAR));
    WorkingDays calendar;
    if (Files.isDirectory(calendarDir)) {
      calendar = WorkingDays.load(calendarDir);
    } else {
      System.err.println(
          "simulate: no calendar at " + calendarDir + ": weekends only, no days off");
      calendar = WorkingDays.weekendsOnly();
    }
    Simulation.Settings settings =
        new Simulation.Settings(model, seed, start, end, zone, province, anomalies, calendar);
    // what must match for a run to continue another's position (the clock and rate need not)
    String fingerprint =
        String.format(
            Locale.ROOT,
            "seed=%d start=%s zone=%s province=%s services-per-unit=%d volume=%s %s",
            seed,
            start,
            zone,
            province,
            servicesPerUnit,
            volume,
            anomalies);
    double rate = Double.parseDouble(a.get("rate", "0"));
    if (rate < 0) throw new IllegalArgumentException("--rate must be positive");
    ProgrammeSimulation.Settings programme = null;
    String topic = config.get(IocConfig.TOPIC_SUBMISSIONS);
    if (a.has("programme")) {
      String tick = a.get("tick-every", "1m");
      programme =
          new ProgrammeSimulation.Settings(
              Path.of(a.get("programme", DEFAULT_PROGRAMME)),
              seed,
              start,
              end,
              zone,
              calendar,
              tick.equals("none") ? null : parseDuration(tick),
              share(a, "late", 0.05),
              share(a, "malformed", 0.01),
              a.has("move-to-start") ? reference : null);
      topic = config.get(IocConfig.TOPIC_PROGRESS);
      fingerprint =
          String.format(
              Locale.ROOT,
              "programme=%s seed=%d start=%s zone=%s late=%s malformed=%s%s",
              programme.programme().getFileName(),
              seed,
              start,
              zone,
              programme.late(),
              programme.malformed(),
              a.has("move-to-start") ? " moved" : "");
    }
    return new Options(
        settings,
        speed,
        rate,
        a.options.get("out"),
        a.get("topic", topic),
        a.has("position") ? Path.of(a.get("position", "")) : null,
        a.has("fresh"),
        a.getInt("status-every", 5),
        fingerprint,
        programme,
        a.get("clock-topic", config.get(IocConfig.TOPIC_CLOCK)),
        a.has("present") ? parseInstant(a.get("present", ""), zone) : null);
  }

  private static double share(ToolArgs a, String name, double def) {
    return Double.parseDouble(a.get(name, Double.toString(def)));
  }

  /**
   * A local date (its midnight), a local date-time ({@code 2026-12-08T09:30}) or an RFC 3339
   * date-time with offset.
   */
  static Instant parseInstant(String s, ZoneId zone) {
    try {
      if (s.length() == 10) return LocalDate.parse(s).atStartOfDay(zone).toInstant();
      if (s.length() <= 19) return java.time.LocalDateTime.parse(s).atZone(zone).toInstant();
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** {@code 7d}, {@code 36h}, {@code 90m}, or ISO-8601 ({@code P7D}). */
  static Duration parseDuration(String s) {
    if (s.startsWith("P") || s.startsWith("p")) {
      try {
        return Duration.parse(s);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    long n = Long.parseLong(s.substring(0, s.length() - 1));
    return switch (s.charAt(s.length() - 1)) {
      case 'd' -> Duration.ofDays(n);
      case 'h' -> Duration.ofHours(n);
      case 'm' -> Duration.ofMinutes(n);
      default -> throw new IllegalArgumentException("a duration like 7d, 36h or 90m: " + s);
    };
  }

  /** Runs the simulation to its end or until stopped (SIGTERM, Ctrl-C); returns the exit code. */
  static int run(Options o, IocConfig config) throws Exception {
    PositionFile position =
        o.position() == null
            ? null
            : new PositionFile(o.position(), o.fingerprint(), o.settings().zone());
    Simulation.Position after = position == null || o.fresh() ? null : position.read();
    Iterator<Emission> sim =
        o.programme() != null
            ? new ProgrammeSimulation(o.programme(), after)
            : new Simulation(o.settings(), after);
    Map<Kind, Long> sent = new EnumMap<>(Kind.class);
    Map<String, Long> malformed = new TreeMap<>();
    CountDownLatch done = new CountDownLatch(1);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Output> output = new AtomicReference<>();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.set(true);
                  try {
                    if (!done.await(STOP_WAIT.toSeconds(), TimeUnit.SECONDS) && o.out() == null) {
                      // the JVM ends when this hook returns, and the unacknowledged messages with
                      // it: the position names the last message that Kafka has
                      Output out = output.get();
                      Emission stored = out == null ? null : out.stored();
                      if (position != null && stored != null) position.write(stored);
                      System.err.println(
                          "simulate: stopped without Kafka at "
                              + config.get(IocConfig.KAFKA_BOOTSTRAP)
                              + " acknowledging the last messages within "
                              + STOP_WAIT.toSeconds()
                              + " s; "
                              + (position != null
                                  ? "the next run carries on after the last acknowledged"
                                      + " message, which "
                                      + position.path()
                                      + " records"
                                  : "they may not be on the topic"));
                    }
                  } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                  } catch (IOException e) {
                    System.err.println("simulate: could not record the position: " + e);
                  }
                },
                "simulator-stop"));
    if (after != null) {
      System.err.println(
          "simulate: continuing after the message sent at simulated "
              + Instant.ofEpochMilli(after.arrival())
                  .atZone(o.settings().zone())
                  .toOffsetDateTime());
    }
    long total = 0;
    Emission last = null;
    try {
      Output out =
          o.out() != null
              ? FileOutput.open(o.out())
              : o.programme() != null
                  ? KafkaOutput.open(config, o.topic(), "itemId", o.clockTopic())
                  : KafkaOutput.open(config, o.topic(), "unitCode", null);
      output.set(out);
      try (out) {
        // the programme's past (before --start) goes first, without waiting
        Pacer pacer =
            new Pacer(
                o.speed(),
                o.rate(),
                stop,
                o.settings().start().toEpochMilli(),
                presentClock(o.present()));
        long lastFlush = System.nanoTime();
        long lastStatus = System.nanoTime();
        long atLastStatus = 0;
        while (!stop.get() && sim.hasNext()) {
          Emission e = sim.next();
          if (position != null && last != null && pacer.waitsLong(e.arrival())) {
            // a run about to wait (for its clock, or at the present) first records what it sent
            out.flush();
            position.write(last);
            lastFlush = System.nanoTime();
          }
          if (!pacer.await(e.arrival())) break; // stopping
          out.send(e);
          last = e;
          total++;
          sent.merge(e.kind(), 1L, Long::sum);
          if (e.expectedReason() != null) malformed.merge(e.expectedReason(), 1L, Long::sum);
          long now = System.nanoTime();
          if (position != null && now - lastFlush > 1_000_000_000L) {
            out.flush();
            position.write(last);
            lastFlush = now;
          }
          if (o.statusEvery() > 0 && now - lastStatus > o.statusEvery() * 1_000_000_000L) {
            status(o, e, total, (total - atLastStatus) / ((now - lastStatus) / 1e9));
            lastStatus = now;
            atLastStatus = total;
          }
        }
        out.flush();
        if (position != null && last != null) position.write(last);
      } catch (KafkaOutput.NotDelivered e) {
        Emission stored = out.stored();
        if (position != null && stored != null) position.write(stored);
        System.err.println(
            "simulate: "
                + e.getMessage()
                + "; "
                + (position != null
                    ? "once Kafka answers again, run the same command: it carries on after the"
                        + " last acknowledged message, which "
                        + position.path()
                        + " records"
                    : "a new run starts the simulation over (--position FILE lets a run carry on"
                        + " where the last one stopped)"));
        return 1;
      }
      System.err.printf(
          Locale.ROOT,
          "simulate: %s %d messages%s: %s; malformed by reason %s%s%n",
          stop.get() ? "stopped after" : "sent",
          total,
          o.out() != null ? " to " + o.out() : " to " + o.topic(),
          sent,
          malformed,
          last == null
              ? ""
              : ", last at simulated "
                  + Instant.ofEpochMilli(last.arrival())
                      .atZone(o.settings().zone())
                      .toOffsetDateTime());
    } finally {
      done.countDown();
    }
    return 0;
  }

  /**
   * The wall clock (epoch ms), or one that reads {@code present} when the run starts and goes on in
   * real time from there.
   */
  static java.util.function.LongSupplier presentClock(Instant present) {
    if (present == null) return System::currentTimeMillis;
    long offset = present.toEpochMilli() - System.currentTimeMillis();
    return () -> System.currentTimeMillis() + offset;
  }

  private static void status(Options o, Emission e, long total, double perSecond) {
    System.err.printf(
        Locale.ROOT,
        "simulate: simulated %s, %d messages sent, %.0f msg/s%n",
        Instant.ofEpochMilli(e.arrival()).atZone(o.settings().zone()).toLocalDateTime(),
        total,
        perSecond);
  }
}
