package vn.ioc.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.cli.ToolArgs;
import vn.ioc.config.IocConfig;
import vn.ioc.reference.ReferenceData;
import vn.ioc.simulator.Emission.Kind;
import vn.ioc.tools.JsonLines;
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
 * </pre>
 *
 * <p>{@code --speed N} runs the simulated clock N times faster than the wall clock (1440: a
 * simulated day per minute) and sends each message when the clock reaches its arrival; {@code max}
 * sends as fast as possible. {@code --rate} caps the messages sent per second either way. {@code
 * --position} keeps where a run stopped (the last message sent, written after Kafka acknowledged
 * it), so the next run with the same settings continues exactly there: nothing is lost and nothing
 * is sent twice.
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
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How long a stop (Ctrl-C, SIGTERM) waits for Kafka to acknowledge what was sent: ample for a
   * full producer buffer on a broker that answers, and short of the 30 s the demo gives the
   * simulator to stop. A broker that is away then does not hold the stop up for the producer's
   * whole delivery timeout.
   */
  static final Duration STOP_WAIT = Duration.ofSeconds(20);

  /** How long Kafka may leave every sent message unacknowledged before the run says it waits. */
  static final Duration SILENCE_NOTICE = Duration.ofSeconds(10);

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
      String clockTopic) {}

  public static void main(String[] args) throws Exception {
    ToolArgs a;
    Options o;
    IocConfig config;
    try {
      a = arguments(args);
      if (!a.positional.isEmpty()) throw new IllegalArgumentException("unexpected " + a.positional);
      config = IocConfig.load(System.getenv(), a.configFlags());
      o = options(a, config);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      System.err.println("simulate: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      System.exit(run(o, config));
    } catch (IllegalArgumentException e) { // a position of another simulation, a missing topic
      System.err.println("simulate: " + e.getMessage());
      System.exit(2);
    }
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
            "clock-topic"),
        Set.of("fresh"));
  }

  public static Options options(ToolArgs a, IocConfig config) throws IOException {
    ZoneId zone = config.get(IocConfig.TIMEZONE);
    Instant start = parseStart(a.get("start", DEFAULT_START), zone);
    String speedArg = a.get("speed", "max");
    double speed = speedArg.equals("max") ? 0 : Double.parseDouble(speedArg);
    if (speed < 0 || Double.isNaN(speed))
      throw new IllegalArgumentException("--speed must be a positive number or max");
    String durationArg = a.get("duration", speed == 0 ? "1d" : "forever");
    Instant end = durationArg.equals("forever") ? null : start.plus(parseDuration(durationArg));
    if (end == null && speed == 0 && !a.has("rate"))
      throw new IllegalArgumentException(
          "an endless simulation needs a clock (--speed N) or a --rate");
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
    ProvinceModel model =
        new ProvinceModel(
            ReferenceData.load(Path.of(a.get("reference", DEFAULT_REFERENCE))),
            seed,
            servicesPerUnit,
            volume);
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
              share(a, "malformed", 0.01));
      topic = config.get(IocConfig.TOPIC_PROGRESS);
      fingerprint =
          String.format(
              Locale.ROOT,
              "programme=%s seed=%d start=%s zone=%s late=%s malformed=%s",
              programme.programme().getFileName(),
              seed,
              start,
              zone,
              programme.late(),
              programme.malformed());
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
        a.get("clock-topic", config.get(IocConfig.TOPIC_CLOCK)));
  }

  private static double share(ToolArgs a, String name, double def) {
    return Double.parseDouble(a.get(name, Double.toString(def)));
  }

  /** A local date (its midnight) or an RFC 3339 date-time with offset. */
  static Instant parseStart(String s, ZoneId zone) {
    if (s.length() == 10) return LocalDate.parse(s).atStartOfDay(zone).toInstant();
    return OffsetDateTime.parse(s).toInstant();
  }

  /** {@code 7d}, {@code 36h}, {@code 90m}, or ISO-8601 ({@code P7D}). */
  static Duration parseDuration(String s) {
    if (s.startsWith("P") || s.startsWith("p")) return Duration.parse(s);
    long n = Long.parseLong(s.substring(0, s.length() - 1));
    return switch (s.charAt(s.length() - 1)) {
      case 'd' -> Duration.ofDays(n);
      case 'h' -> Duration.ofHours(n);
      case 'm' -> Duration.ofMinutes(n);
      default -> throw new IllegalArgumentException("a duration like 7d, 36h or 90m: " + s);
    };
  }

  /** Where messages go: a file or Kafka. {@code flush} returns once everything is stored. */
  interface Output extends AutoCloseable {
    void send(Emission e) throws Exception;

    void flush() throws Exception;

    /**
     * Without a flush: the newest message stored together with every one sent before it, or null;
     * where a run that could not flush may be continued.
     */
    default Emission stored() {
      return null;
    }
  }

  /** Runs the simulation to its end or until stopped (SIGTERM, Ctrl-C); returns the exit code. */
  static int run(Options o, IocConfig config) throws Exception {
    Simulation.Position after = o.position() == null || o.fresh() ? null : readPosition(o);
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
                      if (o.position() != null && stored != null) writePosition(o, stored);
                      System.err.println(
                          "simulate: stopped without Kafka at "
                              + config.get(IocConfig.KAFKA_BOOTSTRAP)
                              + " acknowledging the last messages within "
                              + STOP_WAIT.toSeconds()
                              + " s; "
                              + (o.position() != null
                                  ? "the next run carries on after the last acknowledged"
                                      + " message, which "
                                      + o.position()
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
              ? fileOutput(o.out())
              : o.programme() != null
                  ? kafkaOutput(config, o.topic(), "itemId", o.clockTopic())
                  : kafkaOutput(config, o.topic(), "unitCode", null);
      output.set(out);
      try (out) {
        // the programme's past (before --start) goes first, without waiting
        Pacer pacer = new Pacer(o.speed(), o.rate(), stop, o.settings().start().toEpochMilli());
        long lastFlush = System.nanoTime();
        long lastStatus = System.nanoTime();
        long atLastStatus = 0;
        while (!stop.get() && sim.hasNext()) {
          Emission e = sim.next();
          if (!pacer.await(e.arrival())) break; // stopping
          out.send(e);
          last = e;
          total++;
          sent.merge(e.kind(), 1L, Long::sum);
          if (e.expectedReason() != null) malformed.merge(e.expectedReason(), 1L, Long::sum);
          long now = System.nanoTime();
          if (o.position() != null && now - lastFlush > 1_000_000_000L) {
            out.flush();
            writePosition(o, last);
            lastFlush = now;
          }
          if (o.statusEvery() > 0 && now - lastStatus > o.statusEvery() * 1_000_000_000L) {
            status(o, e, total, (total - atLastStatus) / ((now - lastStatus) / 1e9));
            lastStatus = now;
            atLastStatus = total;
          }
        }
        out.flush();
        if (o.position() != null && last != null) writePosition(o, last);
      } catch (NotDelivered e) {
        Emission stored = out.stored();
        if (o.position() != null && stored != null) writePosition(o, stored);
        System.err.println(
            "simulate: "
                + e.getMessage()
                + "; "
                + (o.position() != null
                    ? "once Kafka answers again, run the same command: it carries on after the"
                        + " last acknowledged message, which "
                        + o.position()
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

  private static void status(Options o, Emission e, long total, double perSecond) {
    System.err.printf(
        Locale.ROOT,
        "simulate: simulated %s, %d messages sent, %.0f msg/s%n",
        Instant.ofEpochMilli(e.arrival()).atZone(o.settings().zone()).toLocalDateTime(),
        total,
        perSecond);
  }

  /** Holds each message until the simulated clock reaches its arrival, and caps the rate. */
  static final class Pacer {
    private final double speed;
    private final double rate;
    private long wallStart = -1;
    private long simStart;
    private final AtomicBoolean stop;
    private long count;

    private final long notBefore;

    Pacer(double speed, double rate, AtomicBoolean stop) {
      this(speed, rate, stop, Long.MIN_VALUE);
    }

    /** Messages arriving before {@code notBefore} (simulated) are due at once. */
    Pacer(double speed, double rate, AtomicBoolean stop, long notBefore) {
      this.speed = speed;
      this.rate = rate;
      this.stop = stop;
      this.notBefore = notBefore;
    }

    /** False when asked to stop while waiting. */
    boolean await(long arrival) {
      long now = System.nanoTime();
      if (wallStart < 0) {
        wallStart = now;
        simStart = Math.max(arrival, notBefore);
      }
      long due = wallStart;
      if (speed > 0) due = Math.max(due, wallStart + (long) ((arrival - simStart) * 1e6 / speed));
      if (rate > 0) due = Math.max(due, wallStart + (long) (count * 1e9 / rate));
      count++;
      try {
        while ((now = System.nanoTime()) < due && !stop.get()) {
          long nanos = Math.min(due - now, 100_000_000L);
          Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
        return !stop.get();
      } catch (InterruptedException e) {
        return false;
      }
    }
  }

  static Output fileOutput(String file) throws IOException {
    Writer w =
        file.equals("-")
            ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
            : Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8);
    return new Output() {
      @Override
      public void send(Emission e) throws IOException {
        if (e.kind() == Kind.TICK) return; // a file holds one topic's messages: no ticks
        w.write(e.line());
        w.write('\n');
      }

      @Override
      public void flush() throws IOException {
        w.flush();
      }

      @Override
      public void close() throws IOException {
        w.close();
      }
    };
  }

  /** Kafka gave up on a message: the run ends, and the message says why. */
  static final class NotDelivered extends Exception {
    NotDelivered(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Kafka: each message keyed by {@code keyField} of its JSON as {@code produce} does, in order,
   * acknowledged by all; ticks go to {@code clockTopic} (null: none are sent), keyed {@code
   * simulator}. One producer for the whole run, also across a broker's absence: its idempotence
   * (producer id and sequence numbers) is what keeps a retried batch from being written twice.
   */
  static Output kafkaOutput(IocConfig config, String topic, String keyField, String clockTopic)
      throws Exception {
    for (String t : clockTopic == null ? List.of(topic) : List.of(topic, clockTopic)) {
      String missing = ProduceTool.checkTopic(config, t);
      if (missing != null) throw new IllegalArgumentException(missing);
    }
    String kafka = config.get(IocConfig.KAFKA_BOOTSTRAP);
    Properties properties = ProduceTool.producerProperties(config);
    long deliveryTimeout =
        Long.parseLong(properties.getProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG).trim());
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties);
    AtomicReference<Exception> failure = new AtomicReference<>();
    Acknowledgements acknowledged = new Acknowledgements();
    // since when Kafka has answered nothing while messages wait for it
    AtomicLong waitingSince = new AtomicLong(System.nanoTime());
    AtomicBoolean closed = new AtomicBoolean();
    // The main thread blocks in send or flush while the broker is away: this says why it is quiet.
    Thread watch =
        new Thread(
            () -> {
              boolean told = false;
              while (!closed.get()) {
                try {
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                }
                int unacknowledged = acknowledged.waiting();
                long waiting = unacknowledged > 0 ? System.nanoTime() - waitingSince.get() : 0;
                if (!told && waiting > SILENCE_NOTICE.toNanos()) {
                  System.err.printf(
                      Locale.ROOT,
                      "simulate: Kafka at %s has acknowledged nothing for %d s; %d messages wait"
                          + " for it, and the run carries on once it is back (it gives up after"
                          + " %s)%n",
                      kafka,
                      TimeUnit.NANOSECONDS.toSeconds(waiting),
                      unacknowledged,
                      minutesOrSeconds(deliveryTimeout));
                  told = true;
                } else if (told && waiting < SILENCE_NOTICE.toNanos()) {
                  System.err.println("simulate: Kafka at " + kafka + " acknowledges again");
                  told = false;
                }
              }
            },
            "simulator-kafka-watch");
    watch.setDaemon(true);
    watch.start();
    return new Output() {
      // the send's callback reports its outcome; the Future adds nothing
      @SuppressWarnings("FutureReturnValueIgnored")
      @Override
      public void send(Emission e) throws NotDelivered {
        check();
        byte[] value = e.line().getBytes(StandardCharsets.UTF_8);
        boolean tick = e.kind() == Kind.TICK;
        if (tick && clockTopic == null) return;
        String key = tick ? "simulator" : JsonLines.keyOf(value, keyField);
        if (acknowledged.waiting() == 0) waitingSince.set(System.nanoTime());
        Acknowledgements.Sent sent = acknowledged.sent(e);
        producer.send(
            new ProducerRecord<>(
                tick ? clockTopic : topic,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value),
            (m, error) -> {
              if (error != null) failure.compareAndSet(null, error);
              else acknowledged.acknowledged(sent);
              waitingSince.set(System.nanoTime());
            });
      }

      @Override
      public void flush() throws NotDelivered {
        producer.flush();
        check();
      }

      private void check() throws NotDelivered {
        Exception e = failure.get();
        if (e == null) return;
        throw new NotDelivered(
            "Kafka at "
                + kafka
                + (e instanceof org.apache.kafka.common.errors.TimeoutException
                    ? " did not take a message in time ("
                    : " refused a message (")
                + e.getMessage()
                + "); stopped after "
                + acknowledged.count()
                + " acknowledged messages");
      }

      @Override
      public Emission stored() {
        return acknowledged.last();
      }

      @Override
      public void close() {
        closed.set(true);
        watch.interrupt();
        // after a failure the rest is not wanted, and may wait out the delivery timeout
        producer.close(failure.get() != null ? Duration.ZERO : Duration.ofMillis(Long.MAX_VALUE));
      }
    };
  }

  /** {@code 10 min}, {@code 90 s}. */
  static String minutesOrSeconds(long millis) {
    return millis % 60_000 == 0 ? millis / 60_000 + " min" : millis / 1000 + " s";
  }

  static Simulation.Position readPosition(Options o) throws IOException {
    if (!Files.exists(o.position())) return null;
    JsonNode p = JSON.readTree(o.position().toFile());
    String recorded = p.path("simulation").asText();
    if (!recorded.equals(o.fingerprint())) {
      throw new IllegalArgumentException(
          o.position()
              + " is the position of another simulation ("
              + recorded
              + "); give the same settings, another --position, or --fresh");
    }
    return new Simulation.Position(p.get("arrival").asLong(), p.get("line").asText());
  }

  /**
   * Written to a temporary file and moved into place, so a crash never leaves half a file; one
   * writer at a time, as a stop may write it while the run does.
   */
  static synchronized void writePosition(Options o, Emission last) throws IOException {
    ObjectNode p = JSON.createObjectNode();
    p.put("simulation", o.fingerprint());
    p.put(
        "simulatedTime",
        Instant.ofEpochMilli(last.arrival())
            .atZone(o.settings().zone())
            .toOffsetDateTime()
            .toString());
    p.put("arrival", last.arrival());
    p.put("line", last.line());
    Path dir = o.position().toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".position", ".tmp");
    Files.writeString(tmp, JSON.writeValueAsString(p), StandardCharsets.UTF_8);
    Files.move(
        tmp, o.position(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
