package vn.ioc.alerting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code rules check FILE|DIR...}: validates alert rule files offline, as the alerting job would:
 * every refusal as {@code file:line:column: message (at /pointer)}, and an id defined twice. Exit 0
 * when every rule is valid, 1 otherwise.
 */
public final class RulesTool {
  private RulesTool() {}

  public static void main(String[] args) throws IOException {
    if (args.length >= 3 && args[0].equals("test")) {
      System.exit(test(args));
      return;
    }
    if (args.length < 2 || !args[0].equals("check")) {
      System.err.println(
          "usage: rules check FILE|DIR... | rules test RULES INDICATORS.jsonl [--until TIME]");
      System.exit(2);
    }
    List<Path> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) files.addAll(ruleFiles(Path.of(args[i])));
    System.exit(check(files, System.out) ? 0 : 1);
  }

  /**
   * {@code rules test RULES INDICATORS.jsonl [--until TIME]}: the backtest ({@link Backtest}) of
   * the rules (a file or folder) over recorded indicator updates (bus messages, one per line),
   * printing every alert event; exit 1 when a rule is invalid.
   */
  static int test(String[] args) throws IOException {
    List<Path> files = ruleFiles(Path.of(args[1]));
    List<AlertRule> rules = new ArrayList<>();
    for (Path f : files) {
      try {
        rules.addAll(RuleParser.parse(Files.readString(f, StandardCharsets.UTF_8)));
      } catch (RuleViolation v) {
        System.out.println(v.describe(f.toString()));
        return 1;
      }
    }
    Long until = null;
    for (int i = 3; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--until=")) until = instant(a.substring(8));
      else if (a.equals("--until") && i + 1 < args.length) until = instant(args[++i]);
      else throw new IllegalArgumentException("unexpected " + a);
    }
    java.time.ZoneId zone =
        java.time.ZoneId.of(System.getenv().getOrDefault("IOC_TIMEZONE", "Asia/Ho_Chi_Minh"));
    Backtest b = new Backtest(rules);
    for (String line : Files.readAllLines(Path.of(args[2]), StandardCharsets.UTF_8)) {
      if (line.isBlank()) continue;
      b.update(vn.ioc.indicators.IndicatorJson.decode(line.getBytes(StandardCharsets.UTF_8)));
    }
    if (until != null) b.advance(until);
    for (AlertEvent e : b.events()) System.out.println(Backtest.show(e, zone));
    System.err.println(
        "rules test: " + rules.size() + " rules, " + b.events().size() + " alert events");
    return 0;
  }

  private static long instant(String s) {
    long t = vn.ioc.feed.ContractText.parseRfc3339Millis(s.toCharArray(), 0, s.length());
    if (t == vn.ioc.feed.ContractText.ABSENT)
      throw new IllegalArgumentException("--until is an RFC 3339 time with offset: " + s);
    return t;
  }

  /** The {@code .json}, {@code .yaml} and {@code .yml} files of a folder, or the file itself. */
  static List<Path> ruleFiles(Path p) throws IOException {
    if (!Files.isDirectory(p)) return List.of(p);
    try (Stream<Path> s = Files.list(p)) {
      return s.filter(f -> f.toString().matches(".*\\.(json|ya?ml)$")).sorted().toList();
    }
  }

  /** Prints one line per file (and per refusal); true when all are valid. */
  static boolean check(List<Path> files, java.io.PrintStream out) throws IOException {
    boolean ok = true;
    Map<String, Path> ids = new TreeMap<>();
    for (Path f : files) {
      try {
        List<AlertRule> rules = RuleParser.parse(Files.readString(f, StandardCharsets.UTF_8));
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
