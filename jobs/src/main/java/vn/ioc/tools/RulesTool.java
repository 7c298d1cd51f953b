package vn.ioc.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import vn.ioc.alerting.AlertEvent;
import vn.ioc.alerting.AlertMessages;
import vn.ioc.alerting.AlertRule;
import vn.ioc.alerting.Backtest;
import vn.ioc.alerting.Province;
import vn.ioc.alerting.RuleFiles;
import vn.ioc.alerting.RuleParser;
import vn.ioc.alerting.RuleViolation;
import vn.ioc.calendar.Rfc3339;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.cli.ToolArgs;
import vn.ioc.clock.ClockDecoder;
import vn.ioc.clock.Versions;
import vn.ioc.dispatch.AckDecoder;
import vn.ioc.dispatch.DispatchReplay;
import vn.ioc.dispatch.Dispatchable;
import vn.ioc.dispatch.Dispatcher;
import vn.ioc.dispatch.Notification;
import vn.ioc.dispatch.Silence;
import vn.ioc.dispatch.SilenceDecoder;
import vn.ioc.indicators.IndicatorCatalogue;
import vn.ioc.indicators.IndicatorJson;
import vn.ioc.reference.Directory;

/**
 * {@code rules check FILE|DIR...}: validates alert rule files offline, as the alerting job would:
 * every refusal as {@code file:line:column: message (at /pointer)}, and an id defined twice. Exit 0
 * when every rule is valid, 1 otherwise. {@code rules test}: what the rules would have raised and
 * whom the job would have told ({@link #test}).
 */
public final class RulesTool {
  /** The indicators a rule may watch. */
  private static final IndicatorCatalogue CATALOGUE = IndicatorCatalogue.load();

  private RulesTool() {}

  static final String USAGE =
      "usage: rules check FILE|DIR... | rules publish FILE|DIR | rules delete ID"
          + " | rules test RULES INDICATORS.jsonl [--until TIME]"
          + " [--clock TICKS.jsonl] [--acks ACKS.jsonl] [--silences SILENCES.jsonl]"
          + " [--explain ALERT_ID] [--reference DIR] [--calendar DIR]";

  public static void main(String[] args) throws Exception {
    if (args.length >= 1 && (args[0].equals("publish") || args[0].equals("delete"))) {
      System.exit(ControlTool.rules(args));
      return;
    }
    if (args.length >= 1 && args[0].equals("test")) {
      System.exit(test(args));
      return;
    }
    if (args.length < 2 || !args[0].equals("check")) {
      System.err.println(USAGE);
      System.exit(2);
    }
    List<Path> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) files.addAll(RuleFiles.ruleFiles(Path.of(args[i])));
    System.exit(check(files, System.out) ? 0 : 1);
  }

  /**
   * {@code rules test RULES INDICATORS.jsonl [--until TIME] [--clock F] [--acks F] [--silences F]
   * [--explain ALERT_ID] [--reference DIR] [--calendar DIR]}: the rules (a file or folder) over
   * recorded indicator updates (bus messages, one per line), judged as the alerting job judges them
   * ({@link Backtest}, in time order, the clock's ticks moving time on) and dispatched as it
   * dispatches them ({@link DispatchReplay}, with the acknowledgements and silences given and the
   * province's people, escalation chains and calendar): every alert event as {@code ioc.alerts}
   * would show it, and every notice, to whom and when. {@code --explain} prints instead the story
   * of the alerts whose id is (or contains) ALERT_ID: what was told, what held it, until when. Exit
   * 1 when a rule is invalid, 2 on a wrong argument or unreadable input.
   */
  static int test(String[] args) throws Exception {
    ToolArgs a =
        ToolArgs.parse(
            java.util.Arrays.copyOfRange(args, 1, args.length),
            Set.of("until", "clock", "acks", "silences", "explain", "reference", "calendar"),
            Set.of());
    if (a.positional.size() != 2) throw new IllegalArgumentException(USAGE);
    List<AlertRule> rules = new ArrayList<>();
    for (Path f : RuleFiles.ruleFiles(Path.of(a.positional.get(0)))) {
      try {
        rules.addAll(RuleParser.parse(Files.readString(f, StandardCharsets.UTF_8), CATALOGUE));
      } catch (RuleViolation v) {
        System.out.println(v.describe(f.toString()));
        return 1;
      }
    }
    ZoneId zone = ZoneId.of(System.getenv().getOrDefault("IOC_TIMEZONE", "Asia/Ho_Chi_Minh"));
    String province = System.getenv().getOrDefault("IOC_PROVINCE", "40");
    WorkingDays calendar =
        a.has("calendar")
            ? WorkingDays.load(Path.of(a.get("calendar", null)))
            : WorkingDays.weekendsOnly();
    Province place =
        a.has("reference")
            ? Province.load(Path.of(a.get("reference", null)), calendar)
            : new Province(new Directory(Map.of(), Map.of()), Map.of(), calendar);
    Long until = a.has("until") ? ToolArgs.instant("--until", a.get("until", null)) : null;

    // the updates and ticks in time order (the job releases them so), ticks first at one time
    List<IndicatorJson.Message> updates = new ArrayList<>();
    for (byte[] line : lines(Path.of(a.positional.get(1)))) {
      IndicatorJson.Message m = IndicatorJson.decode(line);
      if (m.writer() == null) updates.add(m); // a writer's mark (a dump of the bus) is no update
    }
    updates.sort(java.util.Comparator.comparingLong(IndicatorJson.Message::asOf));
    List<Long> ticks = new ArrayList<>();
    if (a.has("clock"))
      for (byte[] line : lines(Path.of(a.get("clock", null))))
        ticks.add(decoded("--clock", line, new ClockDecoder()).at);
    ticks.sort(null);
    Backtest b = new Backtest(rules, new AlertMessages(place.names(), province, zone));
    long latest = Long.MIN_VALUE;
    int next = 0;
    for (IndicatorJson.Message m : updates) {
      while (next < ticks.size() && ticks.get(next) < m.asOf()) b.advance(ticks.get(next++));
      b.update(m);
      latest = Math.max(latest, m.asOf());
    }
    while (next < ticks.size()) b.advance(ticks.get(next++));
    if (!ticks.isEmpty()) latest = Math.max(latest, ticks.get(ticks.size() - 1));
    if (until != null) b.advance(until);
    long stop = until != null ? until : latest;

    DispatchReplay replay =
        new DispatchReplay(new Dispatcher(place.directory(), calendar, zone), stop);
    for (AlertEvent e : b.events()) replay.input(Dispatchable.of(e));
    if (a.has("acks"))
      for (byte[] line : lines(Path.of(a.get("acks", null))))
        replay.input(Dispatchable.of(decoded("--acks", line, new AckDecoder())));
    if (a.has("silences"))
      for (byte[] line : lines(Path.of(a.get("silences", null)))) replay.silence(silence(line));
    replay.run();

    if (a.has("explain")) {
      var stories = replay.storyOf(a.get("explain", ""));
      if (stories.isEmpty()) {
        System.out.println("no alert whose id is or contains '" + a.get("explain", "") + "'");
        return 1;
      }
      for (var story : stories.entrySet()) {
        System.out.println(story.getKey());
        for (DispatchReplay.Step st : story.getValue())
          System.out.println("  " + Rfc3339.format(st.at(), zone) + " " + st.what());
      }
      return 0;
    }
    for (String line : show(replay, zone)) System.out.println(line);
    b.seriesMatched()
        .forEach(
            (id, n) ->
                System.err.println(
                    "rules test: "
                        + id
                        + " matched "
                        + n
                        + " series"
                        + (n == 0 ? " (none of these updates is of its indicator and tags)" : "")));
    System.err.println(
        "rules test: "
            + rules.size()
            + " rules, "
            + replay.events().size()
            + " alert events, "
            + replay.notices().size()
            + " notices");
    return 0;
  }

  /**
   * The alert events and notices in time order (at one time, the events first): {@code TIME STATE
   * level rule series [value v threshold t] since S [flapping] [step N] [by P] [to [who]]} and
   * {@code TIME NOTICE reason recipient rule series}.
   */
  static List<String> show(DispatchReplay replay, ZoneId zone) {
    record Line(long at, int kind, String text) {}
    List<Line> lines = new ArrayList<>();
    for (AlertEvent e : replay.events())
      lines.add(
          new Line(
              e.at,
              0,
              Backtest.show(e, zone)
                  + (e.escalationStep > 0 ? " step " + e.escalationStep : "")
                  + (e.acknowledgedBy != null ? " by " + e.acknowledgedBy : "")
                  + (e.recipients.isEmpty() ? "" : " to " + e.recipients)));
    for (Notification.Notice n : replay.notices())
      lines.add(
          new Line(
              n.at,
              1,
              Rfc3339.format(n.at, zone)
                  + " NOTICE "
                  + n.reason
                  + " "
                  + n.recipient
                  + " "
                  + n.alertId));
    lines.sort(java.util.Comparator.comparingLong(Line::at).thenComparingInt(Line::kind));
    return lines.stream().map(Line::text).toList();
  }

  /** A silence file's line: a silence as published, or an envelope {key, value, createdAt}. */
  private static Silence silence(byte[] line) {
    JsonLines.Envelope e;
    try {
      e = JsonLines.envelope(line);
    } catch (IllegalArgumentException notAnEnvelope) {
      return decoded("--silences", line, new SilenceDecoder());
    }
    long stamp =
        e.createdAt() == null ? Versions.UNSTAMPED : ToolArgs.instant("createdAt", e.createdAt());
    Silence s;
    if (e.value() == null) {
      if (e.key() == null) throw new IllegalArgumentException("--silences: a deletion needs a key");
      s = Silence.deleted(new String(e.key(), StandardCharsets.UTF_8));
    } else {
      s = decoded("--silences", e.value(), new SilenceDecoder());
    }
    if (s.createdAt == Versions.UNSTAMPED) s.createdAt = stamp;
    return s;
  }

  private static <T> T decoded(String option, byte[] line, vn.ioc.feed.Decoder<T> decoder) {
    try {
      return decoder.decode(line);
    } catch (vn.ioc.feed.ContractViolation v) {
      throw new IllegalArgumentException(
          option + ": " + v.getMessage() + ": " + new String(line, StandardCharsets.UTF_8));
    }
  }

  private static List<byte[]> lines(Path file) throws IOException {
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such file: " + file);
    List<byte[]> out = new ArrayList<>();
    for (String l : Files.readAllLines(file, StandardCharsets.UTF_8))
      if (!l.isBlank()) out.add(l.getBytes(StandardCharsets.UTF_8));
    return out;
  }

  /** Prints one line per file (and per refusal); true when all are valid. */
  static boolean check(List<Path> files, java.io.PrintStream out) throws IOException {
    boolean ok = true;
    Map<String, Path> ids = new TreeMap<>();
    for (Path f : files) {
      try {
        List<AlertRule> rules =
            RuleParser.parse(Files.readString(f, StandardCharsets.UTF_8), CATALOGUE);
        for (AlertRule r : rules) {
          Path before = ids.putIfAbsent(r.id(), f);
          if (before != null) {
            out.println(f + ": rule " + r.id() + " is also defined in " + before);
            ok = false;
          }
        }
        out.println(f + ": " + rules.size() + (rules.size() == 1 ? " rule" : " rules") + ", valid");
      } catch (RuleViolation v) {
        out.println(v.describe(f.toString()));
        ok = false;
      }
    }
    return ok;
  }
}
