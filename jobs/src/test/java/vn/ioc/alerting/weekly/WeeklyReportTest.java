package vn.ioc.alerting.weekly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import vn.ioc.alerting.Observed;
import vn.ioc.clock.ClockStop;
import vn.ioc.dispatch.Notification;
import vn.ioc.notifier.DigestText;
import vn.ioc.reference.Directory;

/**
 * The weekly report on two weeks of May 2024 (Mondays 13 and 20 May, 07:30 in Hà Nội time): what
 * the chair reads each Monday, nothing before 07:30, one report per Monday, and none twice after a
 * restore.
 */
class WeeklyReportTest {
  static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
  static final String CHAIR = "ubnd.chu-tich";
  static final String JUSTICE = "000.00.01.H40";
  static final String HEALTH = "000.00.10.H40";

  static final Directory DIRECTORY =
      new Directory(
          Map.of(
              CHAIR,
              new Directory.Person(
                  CHAIR, "Chủ tịch UBND tỉnh", "Chủ tịch", "40", null, null, List.of()),
              "lead.01",
              new Directory.Person(
                  "lead.01", "Giám đốc Sở Tư pháp", null, JUSTICE, null, null, List.of())),
          Map.of());

  static final WeeklyReportText TEXT =
      new WeeklyReportText(
          "IOC Nghệ An",
          "40",
          HCM,
          vn.ioc.reference.Names.ofUnits(Map.of(JUSTICE, "Sở Tư pháp", HEALTH, "Sở Y tế")),
          DIRECTORY);

  static long at(String local) {
    return OffsetDateTime.parse(local + "+07:00").toInstant().toEpochMilli();
  }

  static KeyedBroadcastOperatorTestHarness<String, Observed, Long, Notification> unopened(
      long until) throws Exception {
    return unopened(until, null);
  }

  /** With the engine's "now" of a live run, or null. */
  static KeyedBroadcastOperatorTestHarness<String, Observed, Long, Notification> unopened(
      long until, vn.ioc.dispatch.DigestGrouping.Now now) throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(
            new WeeklyReport(CHAIR, TEXT, HCM, until, now), List.of(ClockStop.STATE)),
        o -> CHAIR,
        Types.STRING,
        1,
        1,
        0);
  }

  static KeyedBroadcastOperatorTestHarness<String, Observed, Long, Notification> harness()
      throws Exception {
    var h = unopened(ClockStop.NO_UNTIL);
    h.open();
    return h;
  }

  static Observed update(String measurement, String asOf, Map<String, String> tags) {
    Observed o = new Observed();
    o.measurement = measurement;
    o.tags = new java.util.HashMap<>(tags);
    o.series = measurement + tags;
    o.asOf = at(asOf);
    return o;
  }

  /** An item's status point. */
  static Observed item(
      String kind,
      String item,
      String asOf,
      String status,
      String owner,
      String responsible,
      String title,
      String deadline,
      int overdueDays,
      int overdueWorkingDays,
      int atRisk) {
    Observed o = update("item_status", asOf, Map.of("kind", kind, "item", item));
    o.texts =
        new java.util.HashMap<>(
            Map.of(
                "status", status,
                "owner_unit", owner,
                "responsible", responsible,
                "title", title,
                "deadline", deadline));
    o.fields =
        new java.util.HashMap<>(
            Map.of(
                "overdue_days", (double) overdueDays,
                "overdue_working_days", (double) overdueWorkingDays,
                "at_risk", (double) atRisk,
                "stale", 0.0));
    return o;
  }

  static Observed hoTich(String asOf, int overdueDays, int overdueWorkingDays, int atRisk) {
    return item(
        "MODEL",
        "M-01",
        asOf,
        "IN_PROGRESS",
        JUSTICE,
        "lead.01",
        "Hộ tịch điện tử",
        "2024-05-10",
        overdueDays,
        overdueWorkingDays,
        atRisk);
  }

  static Observed ketNoi(String asOf, String status) {
    return item(
        "TASK",
        "T-02",
        asOf,
        status,
        HEALTH,
        "Phó Giám đốc Sở Y tế",
        "Kết nối dữ liệu khám chữa bệnh",
        "2024-06-30",
        0,
        0,
        0);
  }

  static Observed soHoa(String asOf, String status, int atRisk) {
    return item(
        "TASK",
        "T-03",
        asOf,
        status,
        HEALTH,
        "Phó Giám đốc Sở Y tế",
        "Số hoá hồ sơ sức khoẻ",
        "2024-05-31",
        0,
        0,
        atRisk);
  }

  /** The province's counts of one kind. */
  static Observed summary(String kind, String asOf, int... c) {
    Observed o = update("progress_summary", asOf, Map.of("kind", kind, "scope", "province"));
    String[] names = {"total", "completed", "in_progress", "not_started", "overdue", "at_risk"};
    for (int i = 0; i < names.length; i++) o.fields.put(names[i], (double) c[i]);
    return o;
  }

  /** A unit's day of applications (window 1d starting at the day's local midnight). */
  static Observed day(String unit, String day, String asOf, int received, int online) {
    Observed o =
        update(
            "service_rates",
            asOf,
            Map.of("scope", "unit", "window", "1d", "province", "40", "unit", unit));
    o.windowStart = at(day + "T00:00:00");
    o.fields.put("received", (double) received);
    o.fields.put("online", (double) online);
    o.fields.put("online_rate_pct", 100.0 * online / received);
    return o;
  }

  static void send(
      KeyedBroadcastOperatorTestHarness<String, Observed, Long, Notification> h, Observed... os)
      throws Exception {
    for (Observed o : os) h.processElement(o, o.asOf);
  }

  static void advance(
      KeyedBroadcastOperatorTestHarness<String, Observed, Long, Notification> h, String local)
      throws Exception {
    h.processBroadcastWatermark(at(local));
    h.processWatermark(at(local));
  }

  /** The reports sent so far, as the chair reads them (the notifier's text). */
  static List<String> reports(
      KeyedBroadcastOperatorTestHarness<String, Observed, Long, Notification> h) {
    List<String> out = new ArrayList<>();
    for (Notification n : h.extractOutputValues())
      out.add(
          n.recipient
              + " "
              + n.recipientName
              + " "
              + java.time.Instant.ofEpochMilli(n.at).atZone(HCM).toLocalDateTime()
              + "\n"
              + DigestText.render(n, Collections.nCopies(n.alerts.size(), null)));
    return out;
  }

  /** The first week: updates of 6–12 May and one of Monday 08:00 read early. */
  static void firstWeek(KeyedBroadcastOperatorTestHarness<String, Observed, Long, Notification> h)
      throws Exception {
    send(
        h,
        day(JUSTICE, "2024-04-29", "2024-04-29T17:00:00", 100, 70),
        hoTich("2024-05-07T00:00:00", 0, 0, 1),
        ketNoi("2024-05-07T00:00:00", "IN_PROGRESS"),
        soHoa("2024-05-07T00:00:00", "NOT_STARTED", 0),
        day(JUSTICE, "2024-05-07", "2024-05-07T10:00:00", 20, 10),
        day(JUSTICE, "2024-05-07", "2024-05-07T16:00:00", 40, 30),
        soHoa("2024-05-08T00:00:00", "NOT_STARTED", 1),
        day(JUSTICE, "2024-05-08", "2024-05-08T16:00:00", 60, 45),
        ketNoi("2024-05-09T10:00:00", "COMPLETED"),
        day(HEALTH, "2024-05-09", "2024-05-09T16:00:00", 50, 20),
        hoTich("2024-05-13T00:00:00", 3, 1, 0),
        summary("MODEL", "2024-05-13T00:00:00", 38, 6, 20, 12, 1, 3),
        summary("TASK", "2024-05-13T00:00:00", 51, 14, 30, 7, 4, 2),
        // read before the watermark reaches 07:30: it belongs to the next report
        soHoa("2024-05-13T08:00:00", "COMPLETED", 0));
  }

  /** The second week: 14–19 May, with a correction of 9 May. */
  static void secondWeek(KeyedBroadcastOperatorTestHarness<String, Observed, Long, Notification> h)
      throws Exception {
    send(h, secondWeek().toArray(Observed[]::new));
  }

  static List<Observed> secondWeek() {
    return List.of(
        day(HEALTH, "2024-05-09", "2024-05-14T09:00:00", 50, 25),
        day(JUSTICE, "2024-05-14", "2024-05-14T16:00:00", 10, 10),
        hoTich("2024-05-20T00:00:00", 10, 6, 0),
        summary("MODEL", "2024-05-20T00:00:00", 38, 6, 20, 12, 1, 3),
        summary("TASK", "2024-05-20T00:00:00", 51, 16, 28, 7, 4, 1));
  }

  static final String FIRST =
      """
      ubnd.chu-tich Chủ tịch UBND tỉnh 2024-05-13T07:30
      [IOC Nghệ An] Báo cáo tuần 2024-W19: 20 hoàn thành, 50 đang thực hiện, 19 chưa bắt đầu

      Tuần 06/05/2024 – 12/05/2024. Tiến độ chương trình lúc 07:30 13/05/2024:
      - Mô hình: 38 (6 hoàn thành, 20 đang thực hiện, 12 chưa bắt đầu), 1 quá hạn, 3 có nguy cơ chậm
      - Nhiệm vụ: 51 (14 hoàn thành, 30 đang thực hiện, 7 chưa bắt đầu), 4 quá hạn, 2 có nguy cơ chậm

      Chuyển sang quá hạn trong tuần: 1
      - Sở Tư pháp, Giám đốc Sở Tư pháp: mô hình M-01 “Hộ tịch điện tử”, hạn 10/05/2024, quá hạn 1 ngày làm việc

      Mới có nguy cơ chậm trong tuần: 1
      - Sở Y tế, Phó Giám đốc Sở Y tế: nhiệm vụ T-03 “Số hoá hồ sơ sức khoẻ”, hạn 31/05/2024

      Hoàn thành trong tuần: 1
      - Sở Y tế, Phó Giám đốc Sở Y tế: nhiệm vụ T-02 “Kết nối dữ liệu khám chữa bệnh”

      Tỷ lệ hồ sơ trực tuyến tuần này (tuần trước):
      - Toàn tỉnh: 63,33 % của 150 hồ sơ (70 % của 100 hồ sơ)
      Theo đơn vị, thấp nhất trước:
      - Sở Y tế: 40 % của 50 hồ sơ (không có hồ sơ)
      - Sở Tư pháp: 75 % của 100 hồ sơ (70 % của 100 hồ sơ)
      """;

  /**
   * The second: the item completed on Monday 08:00 counts now, the late model is not late anew, and
   * the week before holds the correction of 9 May (50 % instead of 40 % for Sở Y tế).
   */
  static final String SECOND =
      """
      ubnd.chu-tich Chủ tịch UBND tỉnh 2024-05-20T07:30
      [IOC Nghệ An] Báo cáo tuần 2024-W20: 22 hoàn thành, 48 đang thực hiện, 19 chưa bắt đầu

      Tuần 13/05/2024 – 19/05/2024. Tiến độ chương trình lúc 07:30 20/05/2024:
      - Mô hình: 38 (6 hoàn thành, 20 đang thực hiện, 12 chưa bắt đầu), 1 quá hạn, 3 có nguy cơ chậm
      - Nhiệm vụ: 51 (16 hoàn thành, 28 đang thực hiện, 7 chưa bắt đầu), 4 quá hạn, 1 có nguy cơ chậm

      Chuyển sang quá hạn trong tuần: không có.

      Mới có nguy cơ chậm trong tuần: không có.

      Hoàn thành trong tuần: 1
      - Sở Y tế, Phó Giám đốc Sở Y tế: nhiệm vụ T-03 “Số hoá hồ sơ sức khoẻ”

      Tỷ lệ hồ sơ trực tuyến tuần này (tuần trước):
      - Toàn tỉnh: 100 % của 10 hồ sơ (66,67 % của 150 hồ sơ)
      Theo đơn vị, thấp nhất trước:
      - Sở Tư pháp: 100 % của 10 hồ sơ (75 % của 100 hồ sơ)
      - Sở Y tế: không có hồ sơ (50 % của 50 hồ sơ)
      """;

  @Test
  void eachMondayAt0730TheChairGetsOneReportOfTheWeek() throws Exception {
    try (var h = harness()) {
      // the engine starts on Monday 6 May after 07:30 (the day of 29 April comes late)
      advance(h, "2024-05-06T08:00:00");
      firstWeek(h);
      advance(h, "2024-05-13T07:29:59.999");
      assertEquals(List.of(), reports(h), "nothing before Monday 07:30");
      advance(h, "2024-05-13T07:30:00");
      assertEquals(List.of(FIRST), reports(h));
      secondWeek(h);
      advance(h, "2024-05-20T07:29:59.999");
      assertEquals(List.of(FIRST), reports(h), "one report per Monday");
      advance(h, "2024-05-20T12:00:00");
      assertEquals(List.of(FIRST, SECOND), reports(h));
      // only the days of the week just reported are kept, for the next report's week before
      assertEquals(
          List.of("000.00.01.H40|" + java.time.LocalDate.parse("2024-05-14").toEpochDay()),
          unitDays(h));
    }
  }

  @Test
  void aRestoreInTheMiddleSendsNoReportTwice() throws Exception {
    org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
    List<Notification> before;
    try (var h = harness()) {
      advance(h, "2024-05-06T08:00:00");
      firstWeek(h);
      advance(h, "2024-05-13T07:30:00");
      send(h, secondWeek().subList(0, 2).toArray(Observed[]::new));
      advance(h, "2024-05-15T12:00:00");
      snapshot = h.snapshot(1, at("2024-05-15T12:00:00"));
      before = h.extractOutputValues();
    }
    try (var h = unopened(ClockStop.NO_UNTIL)) {
      h.initializeState(snapshot);
      h.open();
      // the sources replay what came after the snapshot
      send(h, secondWeek().subList(2, 5).toArray(Observed[]::new));
      advance(h, "2024-05-20T12:00:00");
      assertEquals(List.of(SECOND), reports(h));
      assertEquals(1, before.size());
      Notification first = before.get(0);
      Notification second = h.extractOutputValues().get(0);
      // the idempotency key: recipient and week, the same in any run
      assertEquals(
          java.util
              .UUID
              .nameUUIDFromBytes(
                  "weekly-report\nubnd.chu-tich\n2024-W19"
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8))
              .toString(),
          first.notificationId);
      assertEquals(
          java.util
              .UUID
              .nameUUIDFromBytes(
                  "weekly-report\nubnd.chu-tich\n2024-W20"
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8))
              .toString(),
          second.notificationId);
    }
  }

  @Test
  void theReportIsAnOutboxMessageTheNotifierReads() throws Exception {
    try (var h = harness()) {
      advance(h, "2024-05-06T08:00:00");
      firstWeek(h);
      advance(h, "2024-05-13T07:30:00");
      Notification n = h.extractOutputValues().get(0);
      Notification read =
          vn.ioc.dispatch.NotificationJson.decode(vn.ioc.dispatch.NotificationJson.encode(n, HCM));
      assertEquals(n.subject, read.subject);
      assertEquals(
          List.of(
              "weekly-report|week=2024-W19|programme REPORT report info 2024-05-06T07:30 false",
              "weekly-report|week=2024-W19|late REPORT report info 2024-05-06T07:30 false",
              "weekly-report|week=2024-W19|at-risk REPORT report info 2024-05-06T07:30 false",
              "weekly-report|week=2024-W19|completed REPORT report info 2024-05-06T07:30 false",
              "weekly-report|week=2024-W19|online-rates REPORT report info 2024-05-06T07:30"
                  + " false"),
          read.alerts.stream()
              .map(
                  a ->
                      a.alertId
                          + " "
                          + a.state
                          + " "
                          + a.reason
                          + " "
                          + a.level
                          + " "
                          + java.time.Instant.ofEpochMilli(a.since).atZone(HCM).toLocalDateTime()
                          + " "
                          + a.ackable)
              .toList());
      assertEquals(
          n.alerts.stream().map(a -> a.message).toList(),
          read.alerts.stream().map(a -> a.message).toList());
    }
  }

  @Test
  void aLiveRunReadingABacklogSendsOnlyTheLatestReportDue() throws Exception {
    java.time.Clock tuesday =
        java.time.Clock.fixed(java.time.Instant.ofEpochMilli(at("2024-05-21T09:00:00")), HCM);
    try (var h = unopened(ClockStop.NO_UNTIL, () -> vn.ioc.clock.EngineNow.wall(tuesday))) {
      h.open();
      advance(h, "2024-05-06T08:00:00");
      firstWeek(h);
      advance(h, "2024-05-13T07:30:00");
      assertEquals(List.of(), reports(h), "13 May is past: the report of 20 May is due too");
      secondWeek(h);
      advance(h, "2024-05-20T07:30:00");
      assertEquals(List.of(SECOND), reports(h), "the latest report due, late");
    }
  }

  @Test
  void aBoundedRunReportsNothingBeyondTheClocksStop() throws Exception {
    try (var h = harness()) {
      advance(h, "2024-05-06T08:00:00");
      firstWeek(h);
      // the end of a bounded run: the clock stops on Sunday, the input's watermark is MAX
      h.processBroadcastElement(at("2024-05-12T23:00:00"), 0);
      h.processBroadcastWatermark(Long.MAX_VALUE);
      h.processWatermark(Long.MAX_VALUE);
      assertEquals(List.of(), reports(h));
    }
  }

  @Test
  void longListsAreCutForAPhone() {
    List<ItemView> late = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      ItemView v = ItemView.of(hoTich("2024-05-13T00:00:00", 3, 1, 0));
      v.item = String.format("M-%02d", i);
      late.add(v);
    }
    ReportWeek week = ReportWeek.atOrAfter(at("2024-05-13T07:00:00"), HCM);
    Notification n =
        TEXT.render(CHAIR, new WeekFigures(week, Map.of(), late, List.of(), List.of(), List.of()));
    assertEquals("[IOC Nghệ An] Báo cáo tuần 2024-W19: chưa có số liệu tiến độ", n.subject);
    String line = ": mô hình %s “Hộ tịch điện tử”, hạn 10/05/2024, quá hạn 1 ngày làm việc";
    StringBuilder expected = new StringBuilder("Chuyển sang quá hạn trong tuần: 10");
    for (int i = 1; i <= 8; i++)
      expected
          .append("\n- Sở Tư pháp, Giám đốc Sở Tư pháp")
          .append(line.formatted(String.format("M-%02d", i)));
    expected.append("\n- và 2 mục khác");
    assertEquals(expected.toString(), n.alerts.get(1).message);
    assertEquals(
        "Tuần 06/05/2024 – 12/05/2024. Tiến độ chương trình lúc 07:30 13/05/2024: chưa có số liệu.",
        n.alerts.get(0).message);
    assertEquals(
        "Tỷ lệ hồ sơ trực tuyến tuần này (tuần trước): chưa có số liệu hồ sơ của các đơn vị.",
        n.alerts.get(4).message);
  }

  /** The reports' times: Monday 07:30 local time, the first at or after a time. */
  @Test
  void reportsGoOnMondaysAt0730() {
    assertEquals(
        at("2024-05-13T07:30:00"),
        ReportWeek.atOrAfter(at("2024-05-06T07:30:00.001"), HCM).at(HCM));
    assertEquals(
        at("2024-05-06T07:30:00"), ReportWeek.atOrAfter(at("2024-05-06T07:30:00"), HCM).at(HCM));
    assertEquals(
        at("2024-05-13T07:30:00"), ReportWeek.atOrAfter(at("2024-05-12T23:59:00"), HCM).at(HCM));
    assertEquals("2025-W01", ReportWeek.atOrAfter(at("2025-01-06T00:00:00"), HCM).label());
  }

  static List<String> unitDays(
      KeyedBroadcastOperatorTestHarness<String, Observed, Long, Notification> h) throws Exception {
    h.getOperator().setCurrentKey(CHAIR);
    List<String> keys = new ArrayList<>();
    var state =
        h.getOperator()
            .getKeyedStateBackend()
            .getPartitionedState(
                org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
                org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE,
                new org.apache.flink.api.common.state.MapStateDescriptor<>(
                    vn.ioc.alerting.AlertingState.WEEKLY_UNIT_DAYS,
                    Types.STRING,
                    org.apache.flink.api.common.typeinfo.TypeInformation.of(UnitDay.class)));
    for (String k : state.keys()) keys.add(k);
    Collections.sort(keys);
    return keys;
  }
}
