package vn.ioc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code rules test}: a recorded morning of two agencies through the default-style rule. */
public class BacktestTest {
  public static final Path FIXTURES =
      ProjectFiles.root().resolve("jobs/src/test/resources/fixtures/alerting");

  /** The lines {@code rules test ARGS} prints; fails unless it exits 0. */
  static List<String> rulesTest(String... args) throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    int exit;
    try {
      String[] all = new String[args.length + 1];
      all[0] = "test";
      System.arraycopy(args, 0, all, 1, args.length);
      exit = RulesTool.test(all);
    } finally {
      System.setOut(stdout);
    }
    assertEquals(0, exit);
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void printsTheAlertsTheRuleWouldHaveRaised() throws Exception {
    List<String> lines =
        rulesTest(
            FIXTURES.resolve("online-rate.yaml").toString(),
            FIXTURES.resolve("indicators-day.jsonl").toString(),
            "--until",
            "2024-10-15T12:00:00+07:00");
    String u1 = "service_rates,province=40,scope=unit,unit=U1,window=1d";
    String u2 = "service_rates,province=40,scope=unit,unit=U2,window=1d";
    assertEquals(
        List.of(
            "2024-10-15T09:30:00.000+07:00 FIRING warning online-rate-today "
                + u1
                + " value 43.75 threshold 50.0 since 2024-10-15T09:00:00.000+07:00",
            "2024-10-15T10:00:00.000+07:00 FIRING critical online-rate-today "
                + u1
                + " value 27.5 threshold 30.0 since 2024-10-15T09:00:00.000+07:00",
            // U2 sent nothing after 08:05: silent for two hours of the clock (U1's updates)
            "2024-10-15T10:05:00.000+07:00 FIRING nodata online-rate-today "
                + u2
                + " since 2024-10-15T10:05:00.000+07:00",
            "2024-10-15T11:00:00.000+07:00 RESOLVED critical online-rate-today "
                + u1
                + " value 55.0 threshold 35.0 since 2024-10-15T09:00:00.000+07:00"),
        lines);
  }

  /** A dump of the bus holds its writers' marks between the updates: they are no updates. */
  @Test
  void aDumpOfTheBusWithItsWritersMarksTestsAsTheUpdatesAlone(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    List<String> updates =
        java.nio.file.Files.readAllLines(FIXTURES.resolve("indicators-day.jsonl"));
    List<String> dump = new java.util.ArrayList<>();
    for (String u : updates) {
      dump.add("{\"writer\":\"submissions/0\",\"watermark\":\"2024-10-15T08:00:00.000+07:00\"}");
      dump.add(u);
    }
    Path file = dir.resolve("bus.jsonl");
    java.nio.file.Files.write(file, dump);
    String rule = FIXTURES.resolve("online-rate.yaml").toString();
    assertEquals(
        rulesTest(rule, FIXTURES.resolve("indicators-day.jsonl").toString()),
        rulesTest(rule, file.toString()));
  }

  @Test
  void saysHowManySeriesEachRuleMatched() throws Exception {
    PrintStream stderr = System.err;
    PrintStream stdout = System.out;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      assertEquals(
          0,
          RulesTool.test(
              new String[] {
                "test",
                ProjectFiles.root().resolve("deploy/rules").toString(),
                FIXTURES.resolve("indicators-day.jsonl").toString()
              }));
    } finally {
      System.setErr(stderr);
      System.setOut(stdout);
    }
    List<String> said = err.toString(StandardCharsets.UTF_8).lines().toList();
    String none = " matched 0 series (none of these updates is of its indicator and tags)";
    assertEquals(
        List.of(
            "rules test: items-overdue" + none,
            "rules test: items-at-risk" + none,
            "rules test: owners-stale" + none,
            "rules test: online-rate-today matched 2 series",
            "rules test: on-time-rate-month" + none,
            "rules test: feed-silent" + none,
            "rules test: feed-refused" + none),
        said.subList(0, 7));
    assertEquals(8, said.size(), "then the summary: " + said);
  }

  /** The province's default rules tell a unit at once that its reports are being refused. */
  @Test
  void theDefaultRulesFireOnAUnitsRefusedReports() throws Exception {
    String refused = "feed_health,scope=unit,unit=000.00.35.H40,window=1h";
    assertEquals(
        List.of(
            "2024-10-15T09:25:00.000+07:00 FIRING warning feed-refused "
                + refused
                + " value 3.0 threshold 0.0 since 2024-10-15T09:25:00.000+07:00",
            "2024-10-15T10:40:00.000+07:00 RESOLVED warning feed-refused "
                + refused
                + " value 0.0 threshold 0.0 since 2024-10-15T09:25:00.000+07:00"),
        rulesTest(
            ProjectFiles.root().resolve("deploy/rules").toString(),
            FIXTURES.resolve("feed-health-refused.jsonl").toString(),
            "--until",
            "2024-10-15T11:00:00+07:00"));
  }

  static final Path DAYS = FIXTURES.resolve("four-days");

  /**
   * The four-day scenario (its README): what the rules raise and whom the job would tell, equal to
   * the hand-computed expectations; the story of an alert held by a silence and by inhibition.
   */
  @Test
  void theFourDaysAreToldAsComputedByHandAndEachHoldIsExplained() throws Exception {
    String[] common = {
      DAYS.resolve("rules.yaml").toString(),
      DAYS.resolve("indicators.jsonl").toString(),
      "--clock",
      DAYS.resolve("clock.jsonl").toString(),
      "--acks",
      DAYS.resolve("acks.jsonl").toString(),
      "--silences",
      DAYS.resolve("silences.jsonl").toString(),
      "--reference",
      ProjectFiles.root().resolve("deploy/reference/nghe-an").toString(),
      "--calendar",
      ProjectFiles.root().resolve("deploy/calendar").toString()
    };
    assertEquals(java.nio.file.Files.readAllLines(DAYS.resolve("expected.txt")), rulesTest(common));
    String[] explain = java.util.Arrays.copyOf(common, common.length + 2);
    explain[common.length] = "--explain";
    explain[common.length + 1] =
        "online-rate service_rates,province=40,scope=unit,unit=000.00.04.H40";
    assertEquals(
        List.of(
            "online-rate service_rates,province=40,scope=unit,unit=000.00.04.H40,window=1d",
            "  2024-05-02T09:00:00.000+07:00 cảnh báo phát, mức cảnh báo",
            "  2024-05-02T09:00:00.000+07:00 giữ thông báo cảnh báo: bị tạm im lặng bởi"
                + " bao-tri-so-xay-dung (Trực ban Trung tâm IOC (ioc.truc-ban)), đến 10:00"
                + " 02/05/2024",
            "  2024-05-02T10:00:00.000+07:00 hết giữ",
            "  2024-05-02T10:00:00.000+07:00 báo cảnh báo cho Giám đốc Sở Xây dựng (lead.04)",
            "  2024-05-02T10:15:00.000+07:00 Giám đốc Sở Xây dựng (lead.04) xác nhận: dừng nhắc"
                + " lại và leo thang",
            "  2024-05-02T11:30:00.000+07:00 hết cảnh báo",
            "  2024-05-02T11:30:00.000+07:00 giữ thông báo hết cảnh báo: bị kìm bởi cảnh báo đang"
                + " phát feed-refused feed_health,scope=unit,unit=000.00.04.H40,window=1h",
            "  2024-05-02T13:30:00.000+07:00 hết giữ",
            "  2024-05-02T13:30:00.000+07:00 báo hết cảnh báo cho Giám đốc Sở Xây dựng (lead.04)"),
        rulesTest(explain));
  }
}
