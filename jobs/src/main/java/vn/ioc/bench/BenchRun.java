package vn.ioc.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import vn.ioc.config.IocConfig;

/**
 * How a benchmark runs a job on the embedded Flink: timed, cold then warm, with its largest
 * checkpointed state and heap sampled.
 */
final class BenchRun {
  private BenchRun() {}

  /**
   * A phase run twice in this JVM, a row each: the first run pays for the JIT compiler (on two
   * cores a large share of a run of seconds), the second shows what a running job does. Returns the
   * second.
   */
  static Full coldAndWarm(
      List<String> report,
      IocConfig config,
      String name,
      String what,
      long count,
      String unit,
      java.util.function.Consumer<StreamExecutionEnvironment> job)
      throws Exception {
    Full cold = full(config, name, job);
    report.add(
        BenchReport.row(
            what + ", first run in the JVM (JIT compiling)",
            BenchReport.timing(count, cold, unit)));
    Full warm = full(config, name, job);
    report.add(BenchReport.row("**" + what + ", warm**", BenchReport.timing(count, warm, unit)));
    return warm;
  }

  /**
   * The checkpoint interval of the bounded runs: the jobs' default unless {@code
   * --checkpoint-interval} says otherwise (with the heap state backend every checkpoint writes the
   * whole state, so the interval weighs on the rate of a job with large state).
   */
  static String checkpointInterval(Map<String, String> flags) {
    return flags.getOrDefault("checkpoint-interval", IocConfig.CHECKPOINT_INTERVAL.defaultValue());
  }

  static Configuration flink(IocConfig config, String job) {
    return vn.ioc.runtime.FlinkSettings.of(job, true, null, config);
  }

  /**
   * A bounded run: {@code seconds} from submission to the end (the embedded cluster's start
   * included), {@code runningSeconds} Flink's net run time of the job (from its creation on the
   * running cluster to its end: scheduling, deployment and the Kafka connections included).
   */
  record Full(double seconds, double runningSeconds, long maxStateBytes, long maxHeapBytes) {}

  /** A job run bounded to its end, sampling the heap and the checkpointed state size. */
  static Full full(
      IocConfig config, String name, java.util.function.Consumer<StreamExecutionEnvironment> attach)
      throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(flink(config, name));
    attach.accept(env);
    AtomicLong maxHeap = new AtomicLong();
    AtomicLong maxState = new AtomicLong();
    long start = System.nanoTime();
    JobClient client = env.executeAsync(name + " (bench)");
    HttpClient http = HttpClient.newHttpClient();
    String rest = "http://127.0.0.1:" + config.get(IocConfig.REST_PORT);
    Pattern stateSize =
        Pattern.compile("\"latest\":\\{\"completed\":\\{[^}]*?\"state_size\":(\\d+)");
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                maxHeap.accumulateAndGet(
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  String body =
                      http.send(
                              HttpRequest.newBuilder(
                                      URI.create(
                                          rest + "/jobs/" + client.getJobID() + "/checkpoints"))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString())
                          .body();
                  Matcher m = stateSize.matcher(body);
                  if (m.find()) maxState.accumulateAndGet(Long.parseLong(m.group(1)), Math::max);
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  return;
                } catch (Exception e) {
                  // the REST endpoint is not up yet, or the job is finishing
                }
              }
            },
            "bench-sampler");
    sampler.setDaemon(true);
    sampler.start();
    long netMillis =
        client
            .getJobExecutionResult()
            .get()
            .getNetRuntime(java.util.concurrent.TimeUnit.MILLISECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.interrupt();
    return new Full(seconds, netMillis / 1e3, maxState.get(), maxHeap.get());
  }

  static long peakRssBytes() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
    }
    return -1;
  }
}
