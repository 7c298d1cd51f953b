package vn.ioc.influx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.influxdb.InfluxDB;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Flink job (parallelism 2, a checkpoint every second) writes 60,000 points (75 s at 800/s) while
 * its InfluxDB is stopped for a minute and started again on the same port and data. During the
 * outage the sink blocks, checkpoints time out (6 s, none tolerated), the job fails over and
 * restarts from the last completed checkpoint, again and again, until InfluxDB is back. Afterwards
 * every point must be there exactly once: a completed checkpoint must mean "in InfluxDB", and a
 * replay must overwrite, not add.
 */
class InfluxOutageIT {
  private static final int POINTS = 60_000;
  private static final int SERIES = 100;
  private static final long BASE = 1_719_792_000_000L;

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  /** Source readers opened: 2 at the start, 2 more per restart of the job. */
  static final AtomicInteger READER_OPENS = new AtomicInteger();

  /** Point i: series s(i mod 100), one point per second per series, fields derived from i. */
  static final class Points implements GeneratorFunction<Long, InfluxPoint> {
    @Override
    public void open(SourceReaderContext readerContext) {
      READER_OPENS.incrementAndGet();
    }

    @Override
    public InfluxPoint map(Long i) {
      return InfluxPoint.of("outage", BASE + (i / SERIES) * 1000L)
          .tag("series", "s" + (i % SERIES))
          .field("seq", i)
          .field("half", i * 0.5);
    }
  }

  @Test
  void nothingIsLostOrDuplicatedWhenInfluxDbIsDownForTwentySeconds() throws Exception {
    try (InfluxServer server = InfluxServer.start(false);
        InfluxDB client = server.client()) {
      server.execute("CREATE DATABASE \"outage\"");

      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      Configuration conf = new Configuration();
      conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
      conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 50);
      conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
      env.configure(conf);
      env.setParallelism(2);
      env.enableCheckpointing(1000);
      env.getCheckpointConfig().setCheckpointTimeout(6000);
      env.getCheckpointConfig().setTolerableCheckpointFailureNumber(0);

      InfluxSinkSettings settings =
          InfluxSinkSettings.builder(server.url(), "outage")
              .batchSize(200)
              .backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
              .connectTimeout(Duration.ofSeconds(2))
              .requestTimeout(Duration.ofSeconds(5))
              .build();
      DataGeneratorSource<InfluxPoint> source =
          new DataGeneratorSource<>(
              new Points(),
              POINTS,
              RateLimiterStrategy.perSecond(800),
              TypeInformation.of(InfluxPoint.class));
      env.fromSource(source, WatermarkStrategy.noWatermarks(), "generated points")
          .uid("points")
          .name("generated points")
          .sinkTo(new InfluxSink(settings, new LoggingRejectedPointHandler()))
          .uid("influx-sink")
          .name("InfluxDB outage");

      long start = System.nanoTime();
      JobClient job = env.executeAsync("influx-outage");
      long before = waitForAtLeast(client, 3000, 60);
      server.stop();
      report(
          "InfluxDB stopped with "
              + before
              + " points stored, "
              + seconds(start)
              + " s into the job");
      Thread.sleep(60_000); // the outage itself: a minute
      server.restart();
      report("InfluxDB restarted " + seconds(start) + " s into the job");
      job.getJobExecutionResult().get(120, TimeUnit.SECONDS);
      report(
          "job finished "
              + seconds(start)
              + " s after it started; source readers opened "
              + READER_OPENS.get()
              + " times");

      List<Object> totals =
          InfluxServer.series(
                  client, "outage", "SELECT count(seq), sum(seq), sum(half) FROM outage")
              .get(0)
              .getValues()
              .get(0);
      assertEquals(POINTS, ((Number) totals.get(1)).longValue(), "points");
      assertEquals(
          (long) POINTS * (POINTS - 1) / 2,
          ((Number) totals.get(2)).longValue(),
          "sum of seq 0..POINTS-1");
      assertEquals(
          (double) POINTS * (POINTS - 1) / 4,
          ((Number) totals.get(3)).doubleValue(),
          "sum of half");
      List<QueryResult.Series> perSeries =
          InfluxServer.series(
              client, "outage", "SELECT count(seq) FROM outage GROUP BY \"series\"");
      assertEquals(SERIES, perSeries.size());
      for (QueryResult.Series s : perSeries) {
        assertEquals(
            (long) POINTS / SERIES,
            ((Number) s.getValues().get(0).get(1)).longValue(),
            s.getTags().toString());
      }
      assertEquals(
          SERIES, InfluxServer.series(client, "outage", "SHOW SERIES").get(0).getValues().size());
      assertTrue(
          READER_OPENS.get() > 2, "the outage should have made the job fail over at least once");
    }
  }

  private static long waitForAtLeast(InfluxDB client, long points, int timeoutSeconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() < deadline) {
      List<QueryResult.Series> s =
          InfluxServer.series(client, "outage", "SELECT count(seq) FROM outage");
      long n = s.isEmpty() ? 0 : ((Number) s.get(0).getValues().get(0).get(1)).longValue();
      if (n >= points) return n;
      Thread.sleep(100);
    }
    throw new AssertionError(
        "fewer than " + points + " points reached InfluxDB within " + timeoutSeconds + " s");
  }

  /** Measured numbers go to the test's output (the log configuration may hide INFO). */
  private static void report(String line) {
    System.out.println("[InfluxOutageIT] " + line);
  }

  private static long seconds(long startNanos) {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
  }
}
