package vn.ioc.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vn.ioc.progress.Items.at;
import static vn.ioc.progress.Items.onPartition;
import static vn.ioc.progress.Items.report;
import static vn.ioc.progress.Items.show;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.clock.ClockTick;
import vn.ioc.config.IocConfig;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.deadletter.DeadLetters;
import vn.ioc.feed.Decoded;
import vn.ioc.indicators.IndicatorUpdate;
import vn.ioc.tools.ProjectFiles;

/**
 * The whole progress job on bounded input, parallelism 2: item points at changes and midnights,
 * summaries, the engine's clock advanced by a tick, and the end of the run (nothing beyond the last
 * event time, or beyond {@code --until}).
 */
class ProgressPipelineTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  record Run(List<IndicatorUpdate> indicators, List<DeadLetter> deadLetters) {
    List<String> series(String measurement, String tags, String... fields) {
      return indicators.stream()
          .filter(u -> u.point.measurement.equals(measurement))
          .map(u -> show(u, fields))
          .filter(s -> s.startsWith(measurement + "," + tags + " @"))
          .sorted()
          .toList();
    }
  }

  static Run run(
      Map<String, String> settings,
      List<Decoded<ProgressReport>> reports,
      List<Decoded<ClockTick>> ticks)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    WorkingDays calendar =
        WorkingDays.load(ProjectFiles.root().resolve(Path.of("deploy", "calendar")));
    ProgressJob job = new ProgressJob(IocConfig.of(settings), false, calendar);
    DataStream<Decoded<ProgressReport>> r =
        env.fromData(ProgressJob.DECODED_REPORTS, reports.toArray(new Decoded[0]))
            .assignTimestampsAndWatermarks(job.<ProgressReport>watermarks())
            .setParallelism(1); // in file order, as a Kafka partition would be
    List<Decoded<ClockTick>> t = new ArrayList<>(ticks);
    if (t.isEmpty())
      t.add(
          Decoded.refused(
              DeadLetters.of(
                  "progress", "bad-json", "no ticks", "ioc.clock", 0, 0, 0, null, new byte[0])));
    DataStream<Decoded<ClockTick>> c =
        env.fromData(ProgressJob.DECODED_TICKS, t.toArray(new Decoded[0]))
            .assignTimestampsAndWatermarks(job.<ClockTick>watermarks())
            .setParallelism(1);
    ProgressJob.Outputs out = job.build(r, c);
    CloseableIterator<IndicatorUpdate> indicators = out.indicators().collectAsync();
    CloseableIterator<DeadLetter> deadLetters = out.deadLetters().collectAsync();
    env.execute("progress-test");
    List<IndicatorUpdate> i = new ArrayList<>();
    indicators.forEachRemaining(i::add);
    List<DeadLetter> d = new ArrayList<>();
    deadLetters.forEachRemaining(d::add);
    return new Run(i, d);
  }

  static List<Decoded<ProgressReport>> fixture() {
    return List.of(
        onPartition(
            0,
            0,
            report(
                "a-1",
                "A",
                "TASK",
                "G1",
                "U1",
                "IN_PROGRESS",
                10,
                "2024-03-01",
                "2024-03-05",
                "2024-03-01T10:00")),
        onPartition(
            1,
            0,
            report(
                "b-1",
                "B",
                "MODEL",
                null,
                "U2",
                "NOT_STARTED",
                Double.NaN,
                null,
                "2024-03-10",
                "2024-03-02T09:00")),
        onPartition(
            1,
            1,
            report(
                "b-2",
                "B",
                "MODEL",
                null,
                "U2",
                "COMPLETED",
                Double.NaN,
                null,
                "2024-03-10",
                "2024-03-04T15:00")));
  }

  static List<Decoded<ClockTick>> tickAt(String local) {
    return List.of(onPartition(0, 0, new ClockTick(at(local), "test")));
  }

  @Test
  void anItemIsWrittenAtItsReportsAndEveryMidnightUpToTheClock() throws Exception {
    Run run = run(Map.of(), fixture(), tickAt("2024-03-08T12:00"));
    assertEquals(
        List.of(
            "item_status,item=A,kind=TASK @2024-03-01T10:00 status=IN_PROGRESS progress_pct=10.0 expected_pct=0.0 at_risk=0 overdue_days=0 overdue_working_days=0 days_since_report=0 stale=0",
            "item_status,item=A,kind=TASK @2024-03-02T00:00 status=IN_PROGRESS progress_pct=10.0 expected_pct=25.0 at_risk=1 overdue_days=0 overdue_working_days=0 days_since_report=1 stale=0",
            "item_status,item=A,kind=TASK @2024-03-03T00:00 status=IN_PROGRESS progress_pct=10.0 expected_pct=50.0 at_risk=1 overdue_days=0 overdue_working_days=0 days_since_report=2 stale=0",
            "item_status,item=A,kind=TASK @2024-03-04T00:00 status=IN_PROGRESS progress_pct=10.0 expected_pct=75.0 at_risk=1 overdue_days=0 overdue_working_days=0 days_since_report=3 stale=0",
            "item_status,item=A,kind=TASK @2024-03-05T00:00 status=IN_PROGRESS progress_pct=10.0 expected_pct=100.0 at_risk=1 overdue_days=0 overdue_working_days=0 days_since_report=4 stale=0",
            "item_status,item=A,kind=TASK @2024-03-06T00:00 status=IN_PROGRESS progress_pct=10.0 expected_pct=100.0 at_risk=0 overdue_days=1 overdue_working_days=1 days_since_report=5 stale=0",
            "item_status,item=A,kind=TASK @2024-03-07T00:00 status=IN_PROGRESS progress_pct=10.0 expected_pct=100.0 at_risk=0 overdue_days=2 overdue_working_days=2 days_since_report=6 stale=0",
            "item_status,item=A,kind=TASK @2024-03-08T00:00 status=IN_PROGRESS progress_pct=10.0 expected_pct=100.0 at_risk=0 overdue_days=3 overdue_working_days=3 days_since_report=7 stale=0"),
        run.series(
            "item_status",
            "item=A,kind=TASK",
            "status",
            "progress_pct",
            "expected_pct",
            "at_risk",
            "overdue_days",
            "overdue_working_days",
            "days_since_report",
            "stale"));
    assertEquals(
        List.of(
            "item_status,item=B,kind=MODEL @2024-03-02T09:00 status=NOT_STARTED at_risk=1 completed_late_days=0",
            "item_status,item=B,kind=MODEL @2024-03-03T00:00 status=NOT_STARTED at_risk=1 completed_late_days=0",
            "item_status,item=B,kind=MODEL @2024-03-04T00:00 status=NOT_STARTED at_risk=1 completed_late_days=0",
            "item_status,item=B,kind=MODEL @2024-03-04T15:00 status=COMPLETED at_risk=0 completed_late_days=0",
            "item_status,item=B,kind=MODEL @2024-03-05T00:00 status=COMPLETED at_risk=0 completed_late_days=0",
            "item_status,item=B,kind=MODEL @2024-03-06T00:00 status=COMPLETED at_risk=0 completed_late_days=0",
            "item_status,item=B,kind=MODEL @2024-03-07T00:00 status=COMPLETED at_risk=0 completed_late_days=0",
            "item_status,item=B,kind=MODEL @2024-03-08T00:00 status=COMPLETED at_risk=0 completed_late_days=0"),
        run.series("item_status", "item=B,kind=MODEL", "status", "at_risk", "completed_late_days"));
    assertEquals(
        List.of(
            "progress_summary,kind=TASK,scope=province @2024-03-01T10:00 total=1 in_progress=1 at_risk=0 overdue=0",
            "progress_summary,kind=TASK,scope=province @2024-03-02T00:00 total=1 in_progress=1 at_risk=1 overdue=0",
            "progress_summary,kind=TASK,scope=province @2024-03-03T00:00 total=1 in_progress=1 at_risk=1 overdue=0",
            "progress_summary,kind=TASK,scope=province @2024-03-04T00:00 total=1 in_progress=1 at_risk=1 overdue=0",
            "progress_summary,kind=TASK,scope=province @2024-03-05T00:00 total=1 in_progress=1 at_risk=1 overdue=0",
            "progress_summary,kind=TASK,scope=province @2024-03-06T00:00 total=1 in_progress=1 at_risk=0 overdue=1",
            "progress_summary,kind=TASK,scope=province @2024-03-07T00:00 total=1 in_progress=1 at_risk=0 overdue=1",
            "progress_summary,kind=TASK,scope=province @2024-03-08T00:00 total=1 in_progress=1 at_risk=0 overdue=1"),
        run.series(
            "progress_summary",
            "kind=TASK,scope=province",
            "total",
            "in_progress",
            "at_risk",
            "overdue"));
    assertEquals(
        List.of(
            "progress_summary,kind=MODEL,scope=province @2024-03-02T09:00 not_started=1 completed=0 completed_pct=0.0 completed_on_time_pct=null",
            "progress_summary,kind=MODEL,scope=province @2024-03-03T00:00 not_started=1 completed=0 completed_pct=0.0 completed_on_time_pct=null",
            "progress_summary,kind=MODEL,scope=province @2024-03-04T00:00 not_started=1 completed=0 completed_pct=0.0 completed_on_time_pct=null",
            "progress_summary,kind=MODEL,scope=province @2024-03-04T15:00 not_started=0 completed=1 completed_pct=100.0 completed_on_time_pct=100.0",
            "progress_summary,kind=MODEL,scope=province @2024-03-05T00:00 not_started=0 completed=1 completed_pct=100.0 completed_on_time_pct=100.0",
            "progress_summary,kind=MODEL,scope=province @2024-03-06T00:00 not_started=0 completed=1 completed_pct=100.0 completed_on_time_pct=100.0",
            "progress_summary,kind=MODEL,scope=province @2024-03-07T00:00 not_started=0 completed=1 completed_pct=100.0 completed_on_time_pct=100.0",
            "progress_summary,kind=MODEL,scope=province @2024-03-08T00:00 not_started=0 completed=1 completed_pct=100.0 completed_on_time_pct=100.0"),
        run.series(
            "progress_summary",
            "kind=MODEL,scope=province",
            "not_started",
            "completed",
            "completed_pct",
            "completed_on_time_pct"));
    assertEquals(
        List.of(
            "progress_summary,group=G1,kind=TASK,scope=group @2024-03-08T00:00 total=1 overdue=1"),
        run.series("progress_summary", "group=G1,kind=TASK,scope=group", "total", "overdue")
            .subList(7, 8));
    assertEquals(
        8, run.series("progress_summary", "kind=MODEL,owner_unit=U2,scope=owner_unit").size());
    assertEquals(List.of(), run.deadLetters());
  }

  @Test
  void withoutTicksTheClockStopsAtTheLastReport() throws Exception {
    Run run = run(Map.of(), fixture(), List.of());
    // the last event time is B's completion, 2024-03-04T15:00: no midnight after it
    assertEquals(
        List.of(
            "item_status,item=A,kind=TASK @2024-03-01T10:00",
            "item_status,item=A,kind=TASK @2024-03-02T00:00",
            "item_status,item=A,kind=TASK @2024-03-03T00:00",
            "item_status,item=A,kind=TASK @2024-03-04T00:00"),
        run.series("item_status", "item=A,kind=TASK").stream()
            .map(s -> s.substring(0, s.indexOf(':') + 3))
            .toList());
    assertEquals(
        List.of("bad-json"),
        run.deadLetters().stream().map(d -> d.reason).collect(Collectors.toList()));
  }

  @Test
  void untilStopsTheClockAndLaterReportsDoNotCount() throws Exception {
    Run run =
        run(Map.of("until", "2024-03-03T12:00:00+07:00"), fixture(), tickAt("2024-03-08T12:00"));
    assertEquals(
        List.of(
            "item_status,item=B,kind=MODEL @2024-03-02T09:00 status=NOT_STARTED",
            "item_status,item=B,kind=MODEL @2024-03-03T00:00 status=NOT_STARTED"),
        run.series("item_status", "item=B,kind=MODEL", "status"));
    long last = run.indicators().stream().mapToLong(u -> u.point.timeMillis).max().orElseThrow();
    assertEquals(at("2024-03-03T00:00"), last);
  }
}
