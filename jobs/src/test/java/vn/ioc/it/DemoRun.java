package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One scripted {@code deploy/ioc demo} of an integration test: its environment (the test's topics,
 * database and state folder, free ports for the inbox and the ack links), a clean stop, and what a
 * failure leaves running.
 */
final class DemoRun {
  private final RealServices.Namespace ns;
  private final Path state;

  DemoRun(RealServices.Namespace ns, Path state) {
    this.ns = ns;
    this.state = state;
  }

  /** The ports of the demo's ack links and inbox, free when the test starts. */
  private final Map<String, String> ports = new java.util.TreeMap<>();

  /** The demo pointed at this test's topics and database (made here) and state folder. */
  Map<String, String> environment() throws Exception {
    RealServices.createTopics(
        ns,
        Map.ofEntries(
            Map.entry("submissions", 3),
            Map.entry("progress", 3),
            Map.entry("clock", 1),
            Map.entry("deadletter", 1),
            Map.entry("indicators", 3),
            Map.entry("alert-rules", 1),
            Map.entry("alert-acks", 1),
            Map.entry("alert-silences", 1),
            Map.entry("notifications", 1),
            Map.entry("alerts", 1)));
    RealServices.createDatabase(ns);
    Files.createDirectories(state);
    Path config = state.resolve("ioc.properties");
    StringBuilder props = new StringBuilder();
    for (String flag : ns.jobFlags()) {
      if (flag.startsWith("--state-dir=")) continue; // the launcher's IOC_STATE_DIR decides
      props.append(flag.substring(2)).append('\n');
    }
    props.append("early-write-interval=PT1S\n");
    Files.writeString(config, props.toString(), StandardCharsets.UTF_8);
    // the database as a variable too: `deploy/ioc test` exports IOC_INFLUX_DB, which would win
    ports.put("IOC_DEMO_ACK_PORT", Integer.toString(freePort()));
    ports.put("IOC_DEMO_INBOX_PORT", Integer.toString(freePort()));
    Map<String, String> env = new java.util.HashMap<>(ports);
    env.put("IOC_STATE_DIR", state.toString());
    env.put("IOC_CONFIG", config.toString());
    env.put("IOC_INFLUX_DB", ns.database());
    return env;
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** {@code deploy/ioc demo ARGS}, its output to {@code log}. */
  Process start(Map<String, String> env, Path log, String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = "demo";
    System.arraycopy(args, 0, command, 1, args.length);
    return RealServices.launcher(env, command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** SIGTERM (what the demo's Ctrl-C trap also handles); the demo must exit 0 on its own. */
  String stop(Process demo, Path log) throws Exception {
    demo.destroy();
    boolean ended = demo.waitFor(300, TimeUnit.SECONDS);
    String out = Files.readString(log);
    if (!ended) {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
      String logs = tails("submissions.log", "alerting.log", "progress.log", "notifier.log");
      killStrays();
      throw new AssertionError("the demo did not stop within 300 s:\n" + out + "\n" + logs);
    }
    assertEquals(0, demo.exitValue(), out);
    assertTrue(out.contains("demo: stopped;"), out);
    return out;
  }

  /** The last lines of the demo's logs, for a failure. */
  String tails(String... logs) throws Exception {
    StringBuilder b = new StringBuilder();
    for (String name : logs) {
      Path f = state.resolve("demo").resolve(name);
      if (!Files.exists(f)) continue;
      List<String> lines = Files.readAllLines(f);
      b.append("--- ").append(name).append('\n');
      lines
          .subList(Math.max(0, lines.size() - 30), lines.size())
          .forEach(l -> b.append(l).append('\n'));
    }
    return b.toString();
  }

  /**
   * What a failed stop left running: the demo starts its jobs and services detached (they outlive
   * the script by design), so they are found by this test's state folder or ports.
   */
  void killStrays() {
    ProcessHandle.allProcesses()
        .filter(
            p -> {
              String cmd = p.info().commandLine().orElse("");
              return cmd.contains(state.toString())
                  || cmd.contains("inbox --port " + ports.get("IOC_DEMO_INBOX_PORT"));
            })
        .forEach(ProcessHandle::destroyForcibly);
  }

  /** Waits for a line of the demo's output; fails with the output so far. */
  String awaitLine(Process demo, Path log, Predicate<String> wanted, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log))
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
          if (wanted.test(line)) return line;
        }
      if (!demo.isAlive()) break;
      Thread.sleep(500);
    }
    demo.descendants().forEach(ProcessHandle::destroyForcibly);
    demo.destroyForcibly();
    killStrays();
    throw new AssertionError(
        "the line did not come within "
            + timeout
            + " in "
            + log
            + ":\n"
            + (Files.exists(log) ? Files.readString(log) : "(no such file)"));
  }
}
