package vn.ioc.submissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.ioc.calendar.Rfc3339;
import vn.ioc.clock.ClockTick;
import vn.ioc.clock.EngineClocks;
import vn.ioc.config.IocConfig;
import vn.ioc.feed.Decoded;
import vn.ioc.feed.DecodingDeserializer;
import vn.ioc.feed.TimeBounds;
import vn.ioc.indicators.IndicatorUpdate;
import vn.ioc.tools.JsonLines;
import vn.ioc.tools.ProjectFiles;

/**
 * The bundled simulated day (15 October 2024) as the demo runs it: read in 2026, so every Kafka
 * timestamp is the wall clock, with a simulated clock ticking every minute of the day. Feed health
 * lies in the simulated day, never in the year it was read, and a recompute at another parallelism
 * writes the same data ages.
 */
class SimulatedDayHealthTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  static final IocConfig CONFIG = IocConfig.of(Map.of("province", "40", "clock", "ticks"));
  static final long WALL = at("2026-12-07T22:00:00");
  static final long DAY_START = at("2024-10-15T00:00:00");
  static final long DAY_END = at("2024-10-16T00:00:00");

  static long at(String local) {
    return OffsetDateTime.parse(local + "+07:00").toInstant().toEpochMilli();
  }

  /** The sample day's messages as three partitions of the topic deliver them, stamped in 2026. */
  static List<Decoded<SubmissionReport>> sampleDay() throws Exception {
    DecodingDeserializer<SubmissionReport> decoder =
        DecodingDeserializer.bounded(
            "submissions",
            new SubmissionDecoder(),
            SubmissionsJob.DECODED_TYPE,
            TimeBounds.of(CONFIG));
    List<Decoded<SubmissionReport>> out = new ArrayList<>();
    Collector<Decoded<SubmissionReport>> collect =
        new Collector<>() {
          @Override
          public void collect(Decoded<SubmissionReport> d) {
            out.add(d);
          }

          @Override
          public void close() {}
        };
    long[] offsets = new long[3];
    int i = 0;
    for (String line : Files.readAllLines(ProjectFiles.sampleDay(), StandardCharsets.UTF_8)) {
      byte[] value = line.getBytes(StandardCharsets.UTF_8);
      String key = JsonLines.keyOf(value, "unitCode");
      int partition = Math.floorMod(key.hashCode(), 3);
      decoder.deserialize(
          new ConsumerRecord<>(
              "ioc.submissions",
              partition,
              offsets[partition]++,
              WALL + 10L * i++,
              TimestampType.LOG_APPEND_TIME,
              key.length(),
              value.length,
              key.getBytes(StandardCharsets.UTF_8),
              value,
              new RecordHeaders(),
              Optional.empty()),
          collect);
    }
    return out;
  }

  /** A tick every minute of the day, the last at midnight. */
  static List<Decoded<ClockTick>> ticks() {
    List<Decoded<ClockTick>> out = new ArrayList<>();
    for (long t = DAY_START, o = 0; t <= DAY_END; t += 60_000, o++)
      out.add(Decoded.valid(new ClockTick(t, "simulator"), 0, o).from(WALL + o, "simulator"));
    return out;
  }

  static List<IndicatorUpdate> feedHealth(int parallelism) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(parallelism);
    SubmissionsJob job = new SubmissionsJob(CONFIG, false, null);
    // each partition read by one reader, as Kafka's source does
    DataStream<Decoded<SubmissionReport>> read =
        env.fromData(SubmissionsJob.DECODED_TYPE, sampleDay().toArray(new Decoded[0]));
    DataStream<Decoded<SubmissionReport>> reports =
        read.partitionCustom(
                (Partitioner<Integer>) (p, n) -> p % n,
                (Decoded<SubmissionReport> d) -> d.partition)
            .assignTimestampsAndWatermarks(job.watermarks());
    DataStream<Decoded<ClockTick>> ticks =
        env.fromData(EngineClocks.DECODED_TICKS, ticks().toArray(new Decoded[0]))
            .assignTimestampsAndWatermarks(job.tickWatermarks());
    CloseableIterator<IndicatorUpdate> health =
        job.build(reports, ticks).feedHealth().collectAsync();
    env.execute("simulated-day-health");
    List<IndicatorUpdate> out = new ArrayList<>();
    health.forEachRemaining(out::add);
    return out;
  }

  /** "local minute age" of every data-age point, in time order. */
  static List<String> dataAges(List<IndicatorUpdate> health) {
    return health.stream()
        .filter(u -> u.point.doubleFields.containsKey("data_age_s"))
        .sorted(java.util.Comparator.comparingLong(u -> u.point.timeMillis))
        .map(
            u ->
                Rfc3339.format(u.point.timeMillis, java.time.ZoneId.of("+07:00")).substring(0, 16)
                    + " "
                    + u.point.doubleFields.get("data_age_s"))
        .toList();
  }

  @Test
  void feedHealthOfASimulatedDayLiesInThatDayAndARecomputeWritesTheSameAges() throws Exception {
    List<IndicatorUpdate> health = feedHealth(2);
    for (IndicatorUpdate u : health) {
      assertTrue(
          u.point.timeMillis >= DAY_START && u.point.timeMillis <= DAY_END,
          "outside the simulated day: " + u.point);
      assertTrue(u.asOf >= DAY_START && u.asOf <= DAY_END, "asOf outside the day: " + u.point);
    }
    List<String> ages = dataAges(health);
    // the first report ends at 07:00:37, so the time line starts at 07:01; a point a minute to
    // midnight, the last tick
    assertEquals(17 * 60, ages.size());
    assertEquals("2024-10-15T07:01 23.0", ages.get(0));
    // the last reports of the day cover the hour to 17:00; the feed is then silent all evening
    assertTrue(ages.contains("2024-10-15T17:00 0.0"), ages.subList(590, 600).toString());
    assertEquals("2024-10-15T23:00 21600.0", ages.get(ages.size() - 61));
    assertEquals("2024-10-16T00:00 25200.0", ages.get(ages.size() - 1));
    long unitHours = health.stream().filter(u -> "unit".equals(u.point.tags.get("scope"))).count();
    assertTrue(unitHours > 0, "the units' hours are there");
    assertEquals(ages, dataAges(feedHealth(1)), "a recompute at parallelism 1");
  }
}
