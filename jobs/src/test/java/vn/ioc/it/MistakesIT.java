package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A person's mistakes with {@code deploy/ioc}, one of each kind: each is one line on stderr, with
 * the documented exit code (2 usage, 3 services, 4 state), within seconds, and leaves nothing
 * behind (no PID file, no checkpoint removed).
 */
class MistakesIT {
  record Said(int exit, List<String> lines, long millis) {}

  static Said run(Map<String, String> env, String... args) throws Exception {
    long start = System.nanoTime();
    Process p =
        RealServices.launcher(env, args).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished: " + String.join(" ", args));
    return new Said(
        p.exitValue(),
        err.lines().filter(l -> !l.startsWith("build:") && !l.isBlank()).toList(),
        (System.nanoTime() - start) / 1_000_000);
  }

  static void says(Said said, int exit, String line) {
    assertEquals(List.of(line), said.lines());
    assertEquals(exit, said.exit(), line);
  }

  @Test
  void eachMistakeIsOneLineWithItsExitCode() throws Exception {
    Path state = Files.createTempDirectory("mistakes-state-");
    Map<String, String> env = Map.of();
    String stateDir = "--state-dir=" + state;

    Said job = run(env, "run", "submission", stateDir);
    says(
        job,
        2,
        "ioc: no job 'submission': the jobs are submissions, progress and alerting; 'run notifier'"
            + " starts the notifier");
    assertFalse(Files.exists(state.resolve("submission.pid")), "no PID file left");

    says(
        run(env, "run", "submissions", "--bounded", stateDir, "--parallelism=two"),
        2,
        "run: setting parallelism = 'two' is not valid: a whole number, such as 2");
    says(
        run(env, "run", "submissions", "--bounded", stateDir, "--influx-url=http://x:8086"),
        2,
        "run: unknown option --influx-url: did you mean --influx.url?");
    says(
        run(env, "run", "submissions", "--bounded", stateDir, "--early-write-interval=10"),
        2,
        "run: setting early-write-interval = '10' is not valid: a duration such as 500ms, 30s, 5m,"
            + " 2h, 3d or PT10S");

    // the services down: said within seconds, and the live run's retained checkpoint is kept
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Path checkpoint = state.resolve("checkpoints/submissions/live/chk-7");
    Files.createDirectories(checkpoint);
    Files.writeString(checkpoint.resolve("_metadata"), "x");
    Said down = run(env, "run", "submissions", stateDir, "--kafka.bootstrap=127.0.0.1:" + closed);
    says(
        down,
        3,
        "run: Kafka does not answer at 127.0.0.1:"
            + closed
            + ": start the services with 'deploy/ioc services up' (or set kafka.bootstrap)");
    assertTrue(down.millis() < 30_000, "said within seconds: " + down.millis() + " ms");
    assertTrue(Files.exists(checkpoint.resolve("_metadata")), "the retained checkpoint is kept");
    assertFalse(Files.exists(state.resolve("submissions.pid")), "no PID file left");

    says(
        run(
            env,
            "run",
            "submissions",
            "--bounded",
            stateDir,
            "--topic.submissions=it.nothing.here"),
        3,
        "run: missing Kafka topics [it.nothing.here] on "
            + RealServices.KAFKA
            + ": create them with 'deploy/ioc topics', or point the job at existing ones");
    says(
        run(env, "run", "submissions", stateDir, "--from-savepoint", "/nowhere/savepoint-1"),
        4,
        "run: no savepoint at /nowhere/savepoint-1 (a savepoint is a folder holding _metadata;"
            + " 'deploy/ioc stop submissions --savepoint' prints where it wrote one)");

    // the web UI's port taken: the run ends at once with one line, it does not hang
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Said busy =
          run(
              env,
              "run",
              "submissions",
              "--bounded",
              stateDir,
              "--rest-port=" + taken.getLocalPort());
      assertEquals(1, busy.exit(), String.join("\n", busy.lines()));
      String last = busy.lines().get(busy.lines().size() - 1);
      assertTrue(last.startsWith("run: failed: ") && last.contains("BindException"), last);
      assertTrue(busy.millis() < 45_000, "ended at once: " + busy.millis() + " ms");
    }

    // saved state this version cannot read: the run ends with one line naming --fresh
    Path unreadable = Files.createTempDirectory("unreadable-savepoint-");
    Files.writeString(unreadable.resolve("_metadata"), "not a savepoint");
    Said old = run(env, "run", "submissions", stateDir, "--from-savepoint", unreadable.toString());
    assertEquals(4, old.exit(), String.join("\n", old.lines()));
    assertEquals(
        "run: the saved state at "
            + unreadable
            + " cannot be restored into the submissions job as this version builds it: start it"
            + " with --fresh, which recomputes from the retained feed and writes the same history"
            + " (docs/upgrading.md)",
        old.lines().get(old.lines().size() - 1));
    assertEquals(
        List.of(),
        old.lines().stream()
            .filter(l -> l.startsWith("\tat ") || l.startsWith("Caused by"))
            .toList(),
        "no stack trace on the console (it is in jobs.log)");
    // a savepoint of version 0.3.0's alerting job (its alert levels were text): refused before
    // anything starts (Flink would restore by failing and restarting forever)
    Path older =
        RealServices.PROJECT.resolve("jobs/src/test/resources/fixtures/savepoints/alerting-0.3.0");
    Said alerting = run(env, "run", "alerting", stateDir, "--from-savepoint", older.toString());
    says(
        alerting,
        4,
        "run: the saved state at "
            + older
            + " cannot be restored into the alerting job as this version builds it: start it with"
            + " --fresh, which recomputes from the retained feed and writes the same history"
            + " (docs/upgrading.md)");
    assertTrue(alerting.millis() < 45_000, "refused at once: " + alerting.millis() + " ms");
    // state the demo saved on its simulated clock, resumed on the wall clock: refused, naming the
    // clock it needs
    Path simulated = Files.createTempDirectory("simulated-savepoint-");
    Files.writeString(simulated.resolve("_metadata"), "a savepoint of the demo");
    vn.ioc.runtime.StateLayout.mark(
        simulated, vn.ioc.alerting.AlertingState.LAYOUT, vn.ioc.config.ClockKind.TICKS);
    says(
        run(env, "run", "alerting", stateDir, "--from-savepoint", simulated.toString()),
        4,
        "run: the saved state at "
            + simulated
            + " was saved with --clock=ticks: resume the alerting job with --clock=ticks, or start"
            + " it with --fresh to recompute from the retained feed with --clock=wall");
    says(
        run(env, "rules", "check", "deploy/rule"),
        2,
        "rules: no such rule file or folder: deploy/rule (the province's rules are in"
            + " deploy/rules)");
    says(run(env, "watch", "--every", "0"), 2, "watch: --every is whole seconds, at least 1");
    says(
        run(env, "simulate", "--start=2024-13-01", "--out=-"),
        2,
        "simulate: Text '2024-13-01' could not be parsed: Invalid value for MonthOfYear (valid"
            + " values 1 - 12): 13");
    says(
        run(env, "simulate", "--speed=-1", "--out=-"),
        2,
        "simulate: --speed must be a positive number or max");
    says(run(env, "help", "nothing"), 2, "ioc: no command 'nothing': 'deploy/ioc help' lists them");
    Process help = RealServices.launcher(env, "help", "status").start();
    String helpText = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, help.waitFor());
    assertEquals(
        "  status [--json]    the services and the live jobs: up or down, PIDs, each job's last"
            + " checkpoint;",
        helpText.lines().findFirst().orElse(""));
    says(
        run(env, "demo", "--speed=fast"),
        2,
        "ioc: --speed is max or simulated seconds per real second, a whole number such as 1440,"
            + " not 'fast'");
    says(
        run(env, "demo", "--now=2026-12-08 09:30"),
        2,
        "ioc: --now is a local date and time such as 2026-12-08T09:30, not '2026-12-08 09:30'");
    says(
        run(env, "demo", "--start=2026-12-09", "--now=2026-12-08T09:30"),
        2,
        "ioc: --start 2026-12-09 is after today (2026-12-08): the demo plays a past up to the"
            + " present");
  }

  /** {@code deploy/ioc status --json}: the services and jobs for monitoring, with exit codes. */
  @Test
  void statusSaysWhatIsUpAsJsonWithItsExitCode() throws Exception {
    Process up =
        RealServices.launcher(Map.of(), "status", "--json")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String json = new String(up.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, up.waitFor());
    var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    assertEquals("up", tree.at("/services/kafka/state").asText(), json);
    assertEquals("up", tree.at("/services/influxdb/state").asText(), json);
    List<String> jobs = new java.util.ArrayList<>();
    tree.get("jobs").fieldNames().forEachRemaining(jobs::add);
    assertEquals(List.of("submissions", "progress", "alerting", "notifier"), jobs);

    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Process down =
        RealServices.launcher(Map.of("IOC_KAFKA_PORT", String.valueOf(closed)), "status", "--json")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    json = new String(down.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(3, down.waitFor());
    assertEquals(
        "down",
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(json)
            .at("/services/kafka/state")
            .asText(),
        json);
  }
}
