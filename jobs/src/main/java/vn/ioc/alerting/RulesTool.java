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
    if (args.length < 2 || !args[0].equals("check")) {
      System.err.println("usage: rules check FILE|DIR...");
      System.exit(2);
    }
    List<Path> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) files.addAll(ruleFiles(Path.of(args[i])));
    System.exit(check(files, System.out) ? 0 : 1);
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
