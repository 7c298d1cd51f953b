package vn.ioc.launcher;

import java.util.Arrays;

/**
 * The one Java entry point behind {@code deploy/ioc}: {@code run} starts a job; the other commands
 * are operator tools (topics, produce, dead letters). A person's mistake ends the command with one
 * line on stderr and exit code 2 (usage: a wrong command, option or value), 3 (Kafka or InfluxDB
 * does not answer) or 4 (saved state the run cannot use); anything else with one line and 1. The
 * stack trace is shown with {@code --debug} (or {@code IOC_DEBUG=1}).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    boolean debug =
        java.util.Arrays.asList(args).contains("--debug") || "1".equals(System.getenv("IOC_DEBUG"));
    String[] rest =
        java.util.Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
    String command = rest.length == 0 ? "ioc" : rest[0];
    int exit;
    try {
      dispatch(rest);
      return;
    } catch (vn.ioc.cli.UserError e) {
      System.err.println(command + ": " + e.getMessage());
      if (debug) e.printStackTrace();
      exit = e.exitCode();
    } catch (IllegalArgumentException e) {
      System.err.println(command + ": " + e.getMessage());
      if (debug) e.printStackTrace();
      exit = vn.ioc.cli.UserError.USAGE;
    } catch (Exception e) {
      Throwable cause = e;
      while (cause.getCause() != null && cause.getCause() != cause) cause = cause.getCause();
      System.err.println(
          command
              + ": failed: "
              + cause
              + (debug ? "" : " (run again with --debug for the details)"));
      if (debug) e.printStackTrace();
      exit = 1;
    }
    System.exit(exit);
  }

  private static void dispatch(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: Main run|topics|produce|deadletters|simulate|watch|bench ...");
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "run" -> {
        // the notifier is a service beside the jobs, not a Flink job
        if (rest.length > 0 && rest[0].equals(vn.ioc.notifier.NotifierService.NAME))
          vn.ioc.notifier.NotifierService.main(rest);
        else JobRunner.main(rest);
      }
      case "topics" -> vn.ioc.tools.TopicsTool.main(rest);
      case "produce" -> vn.ioc.tools.ProduceTool.main(rest);
      case "deadletters" -> vn.ioc.tools.DeadLettersTool.main(rest);
      case "simulate" -> vn.ioc.simulator.SimulatorTool.main(rest);
      case "watch" -> vn.ioc.tools.FlowWatch.main(rest);
      case "clock" -> vn.ioc.tools.ClockTool.main(rest);
      case "rules" -> vn.ioc.tools.RulesTool.main(rest);
      case "silence" -> System.exit(vn.ioc.tools.ControlTool.silence(rest));
      case "inbox" -> vn.ioc.notifier.Inbox.main(rest);
      case "bench" -> vn.ioc.bench.SubmissionsBenchmark.main(rest);
      case "export" -> vn.ioc.tools.export.ExportTool.main(rest);
      default -> {
        System.err.println("unknown command: " + args[0]);
        System.exit(2);
      }
    }
  }
}
