package vn.ioc.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.ioc.config.IocConfig;

/**
 * Command-line arguments of the operator tools: the tool's own options ({@code --reason R} or
 * {@code --reason=R}; switches like {@code --replay}), positional arguments, and every setting of
 * {@link IocConfig} ({@code --key=value} or {@code --key value}). An option that is neither is
 * refused, with the nearest one that exists: the one command-line parser of every command.
 */
public final class ToolArgs {
  public final List<String> positional = new ArrayList<>();
  public final Map<String, String> options = new LinkedHashMap<>();
  final Map<String, String> configFlags = new LinkedHashMap<>();

  private ToolArgs() {}

  /**
   * A parser for one tool's command line.
   *
   * @param valued the tool's options that take a value
   * @param switches the tool's options that take none; a switch may still be given a value with
   *     {@code --switch=value} (e.g. {@code --wait=30})
   */
  public static ToolArgs parse(String[] args, Set<String> valued, Set<String> switches) {
    ToolArgs a = new ToolArgs();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        for (i++; i < args.length; i++) a.positional.add(args[i]);
        break;
      }
      if (!arg.startsWith("--") || arg.length() == 2) {
        a.positional.add(arg);
        continue;
      }
      String body = arg.substring(2);
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      String inline = eq < 0 ? null : body.substring(eq + 1);
      if (valued.contains(name)) {
        if (inline == null) {
          if (i + 1 >= args.length)
            throw new IllegalArgumentException("--" + name + " needs a value");
          inline = args[++i];
        }
        a.options.put(name, inline);
      } else if (switches.contains(name)) {
        a.options.put(name, inline == null ? "" : inline);
      } else if (IocConfig.isKnown(name) && inline != null) {
        a.configFlags.put(name, inline);
      } else if (IocConfig.isKnown(name) && i + 1 < args.length) {
        a.configFlags.put(name, args[++i]);
      } else if (IocConfig.isKnown(name)) {
        throw new IllegalArgumentException("--" + name + " needs a value");
      } else {
        java.util.Set<String> known = new java.util.TreeSet<>(valued);
        known.addAll(switches);
        known.addAll(IocConfig.SETTINGS.keySet());
        throw new IllegalArgumentException(
            "unknown option --"
                + name
                + ": did you mean --"
                + IocConfig.nearest(name, known)
                + "?");
      }
    }
    return a;
  }

  public boolean has(String option) {
    return options.containsKey(option);
  }

  public String get(String option, String def) {
    String v = options.get(option);
    return v == null || v.isEmpty() ? def : v;
  }

  public int getInt(String option, int def) {
    String v = options.get(option);
    if (v == null || v.isEmpty()) return def;
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + option + " needs a whole number, got " + v);
    }
  }

  public Map<String, String> configFlags() {
    return Collections.unmodifiableMap(configFlags);
  }

  /** An RFC 3339 time with offset given for {@code what}, in epoch milliseconds. */
  public static long instant(String what, String s) {
    try {
      return vn.ioc.config.IocConfig.parseInstant(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          what + " is an RFC 3339 time with offset, such as 2025-07-01T10:05:00+07:00, not " + s);
    }
  }
}
