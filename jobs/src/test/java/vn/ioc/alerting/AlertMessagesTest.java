package vn.ioc.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an alert says and whom it concerns. */
class AlertMessagesTest {
  static final AlertMessages MESSAGES =
      new AlertMessages(Map.of("000.00.01.H40", "Sở Tư pháp"), "40", ZoneId.of("Asia/Ho_Chi_Minh"));

  static AlertRule rule(String yaml) throws Exception {
    return RuleParser.parse(yaml).get(0);
  }

  static AlertEvent event(AlertChange state, AlertLevel level, double value, double threshold) {
    AlertEvent e = new AlertEvent();
    e.ruleId = "r";
    e.state = state;
    e.level = level;
    e.value = value;
    e.threshold = threshold;
    e.since = OffsetDateTime.parse("2024-10-15T09:05:00+07:00").toInstant().toEpochMilli();
    e.at = e.since;
    return e;
  }

  @Test
  void theUnitIsTheUnitTagTheOwnerUnitTagTheItemsOwnerOrTheProvince() {
    assertEquals("U1", MESSAGES.unitOf(Map.of("unit", "U1", "owner_unit", "U2"), Map.of()));
    assertEquals("U2", MESSAGES.unitOf(Map.of("owner_unit", "U2"), Map.of("owner_unit", "U3")));
    assertEquals("U3", MESSAGES.unitOf(Map.of("item", "M1"), Map.of("owner_unit", "U3")));
    assertEquals("40", MESSAGES.unitOf(Map.of("scope", "province"), Map.of()));
  }

  /** A unit renamed on 1 March 2025: an alert names it as it was called on the alert's day. */
  @Test
  void theUnitIsNamedAsItWasOnTheAlertsDay() throws Exception {
    java.time.LocalDate from = java.time.LocalDate.of(2020, 1, 1);
    java.time.LocalDate renamed = java.time.LocalDate.of(2025, 3, 1);
    vn.ioc.reference.ReferenceData data =
        new vn.ioc.reference.ReferenceData(
            List.of(),
            List.of(
                new vn.ioc.reference.ReferenceData.Unit(
                    "U7",
                    "Sở Văn hoá và Thể thao",
                    null,
                    "department",
                    List.of("culture"),
                    from,
                    renamed.minusDays(1),
                    "Giám đốc Sở"),
                new vn.ioc.reference.ReferenceData.Unit(
                    "U7",
                    "Sở Văn hoá, Thể thao và Du lịch",
                    null,
                    "department",
                    List.of("culture"),
                    renamed,
                    null,
                    "Giám đốc Sở")),
            List.of());
    AlertMessages messages =
        new AlertMessages(vn.ioc.reference.Names.of(data), "40", ZoneId.of("Asia/Ho_Chi_Minh"));
    AlertRule r =
        rule(
            """
            id: r
            indicator: {measurement: m, field: f}
            direction: below
            warning: {threshold: 50, reset: 55}
            messages: {firing: '{unit}: {value}'}
            """);
    List<String> said = new java.util.ArrayList<>();
    for (String day : List.of("2025-02-28T09:00:00+07:00", "2025-03-01T09:00:00+07:00")) {
      AlertEvent e = event(AlertChange.FIRING, AlertLevel.WARNING, 40, 50);
      e.since = OffsetDateTime.parse(day).toInstant().toEpochMilli();
      e.at = e.since;
      messages.complete(e, r, Map.of("unit", "U7", "scope", "unit"), Map.of());
      said.add(e.unitName + " | " + e.message);
    }
    assertEquals(
        List.of(
            "Sở Văn hoá và Thể thao | Sở Văn hoá và Thể thao: 40",
            "Sở Văn hoá, Thể thao và Du lịch | Sở Văn hoá, Thể thao và Du lịch: 40"),
        said);
  }

  @Test
  void theRulesTemplateIsRenderedWithTheUnitsNameAndLocalTimeAndTheLinkIsLeftForTheNotifier()
      throws Exception {
    AlertRule r =
        rule(
            "id: r\ndescription: Tỷ lệ trực tuyến thấp\nindicator: {measurement: m, field: f}\n"
                + "direction: below\nwarning: {threshold: 50, reset: 55}\nrenotify: 4h\n"
                + "mute: [{from: '17:30', to: '07:00'}]\nrecipients: [ioc.truc-ban]\n"
                + "labels: {team: dvc}\n"
                + "messages: {firing: '{unit} ({unit_code}): {value}% < {threshold}% từ {since},"
                + " mức {level}. {link}'}\n");
    AlertEvent e = event(AlertChange.FIRING, AlertLevel.CRITICAL, 27.456, 30);
    MESSAGES.complete(e, r, Map.of("unit", "000.00.01.H40", "scope", "unit"), Map.of());
    assertEquals(
        "Sở Tư pháp (000.00.01.H40): 27,46% < 30% từ 09:05 15/10/2024, mức nghiêm trọng. {link}",
        e.message);
    assertEquals("000.00.01.H40", e.unit);
    assertEquals("Sở Tư pháp", e.unitName);
    assertEquals("Tỷ lệ trực tuyến thấp", e.description);
    assertEquals(4 * 3600_000L, e.renotifyMs);
    assertEquals(List.of("17:30-07:00 all"), e.mutes);
    assertEquals(List.of("ioc.truc-ban"), e.recipients);
    assertEquals(Map.of("team", "dvc"), e.labels);
  }

  @Test
  void withoutTemplatesTheDefaultsSayWhatHappenedForAnItemToo() throws Exception {
    AlertRule r =
        rule(
            """
            id: r
            description: Có nguy cơ chậm tiến độ
            indicator: {measurement: item_status, field: at_risk}
            direction: above
            warning: {threshold: 0.5}
            """);
    AlertEvent fired = event(AlertChange.FIRING, AlertLevel.WARNING, 1, 0.5);
    Map<String, String> texts =
        Map.of(
            "owner_unit", "000.00.01.H40",
            "responsible", "Phó Giám đốc Sở Tư pháp",
            "title", "Mô hình Trung tâm hành chính công một cấp",
            "deadline", "2024-06-30");
    Map<String, String> item = Map.of("item", "DA06-MH-03", "kind", "MODEL");
    MESSAGES.complete(fired, r, item, texts, Map.of("overdue_working_days", 12.0));
    assertEquals(
        "Có nguy cơ chậm tiến độ: «Mô hình Trung tâm hành chính công một cấp» (Sở Tư pháp; phụ"
            + " trách: Phó Giám đốc Sở Tư pháp; hạn 30/06/2024, quá hạn 12 ngày làm việc), từ 09:05"
            + " 15/10/2024.",
        fired.message);
    assertEquals(
        "Hạn 30/06/2024, quá hạn 12 ngày làm việc: Mô hình Trung tâm hành chín…", fired.sms);
    assertEquals("Phó Giám đốc Sở Tư pháp", fired.responsible);
    AlertEvent resolved = event(AlertChange.RESOLVED, AlertLevel.WARNING, 0, 0.5);
    resolved.at = resolved.since + ((3 * 24 + 4) * 60 + 20) * 60_000L;
    MESSAGES.complete(resolved, r, item, texts, Map.of("overdue_working_days", 0.0));
    assertEquals(
        "Hết cảnh báo «Có nguy cơ chậm tiến độ»: «Mô hình Trung tâm hành chính công một cấp» (Sở Tư"
            + " pháp), sau 3 ngày 4 giờ.",
        resolved.message);
    assertEquals("Hết: Mô hình Trung tâm hành chính công một cấp (Sở Tư pháp)", resolved.sms);
    AlertEvent silent = event(AlertChange.FIRING, AlertLevel.NODATA, Double.NaN, Double.NaN);
    MESSAGES.complete(silent, r, Map.of("unit", "U9"), Map.of());
    assertEquals(
        "U9: Có nguy cơ chậm tiến độ: không có số liệu từ 09:05 15/10/2024.", silent.message);
    assertEquals("U9: mất số liệu từ 09:05 15/10/2024", silent.sms);
  }

  @Test
  void aRateSaysItsUnitAndEveryShortFormFitsOneSms() throws Exception {
    AlertRule r =
        rule(
            """
            id: r
            description: Tỷ lệ hồ sơ trực tuyến trong ngày của cơ quan thấp hơn chỉ tiêu
            indicator: {measurement: service_rates, field: online_rate_pct}
            direction: below
            warning: {threshold: 50, reset: 55}
            """);
    AlertEvent e = event(AlertChange.FIRING, AlertLevel.WARNING, 41.5, 50);
    MESSAGES.complete(e, r, Map.of("unit", "000.00.01.H40", "scope", "unit"), Map.of());
    assertEquals(
        "Sở Tư pháp: Tỷ lệ hồ sơ trực tuyến trong ngày của cơ quan thấp hơn chỉ tiêu: 41,5 %"
            + " (ngưỡng 50 %), từ 09:05 15/10/2024.",
        e.message);
    assertEquals("Sở Tư pháp: 41,5 % < 50 %, Tỷ lệ hồ sơ trực tuyến trong ngày của cơ q…", e.sms);
    assertEquals(70, e.sms.codePointCount(0, e.sms.length()));
    // a rule's own short form, rendered; a link has no place in an SMS
    AlertRule own =
        rule(
            """
            id: r
            indicator: {measurement: service_rates, field: online_rate_pct}
            direction: below
            warning: {threshold: 50}
            messages: {smsFiring: "{unit} trực tuyến {value}{unit_of_value} {link}"}
            """);
    MESSAGES.complete(e, own, Map.of("unit", "000.00.01.H40"), Map.of());
    assertEquals("Sở Tư pháp trực tuyến 41,5 %", e.sms);
  }

  /**
   * No data says since when the series is silent: its last update, {@code after} before the alert's
   * time, whether the episode started then or earlier (a firing series that fell silent).
   */
  @Test
  void noDataSaysSinceTheLastUpdateAlsoWhenTheEpisodeStartedEarlier() throws Exception {
    AlertRule r =
        rule(
            """
            id: r
            description: Báo cáo trễ
            indicator: {measurement: m, field: f}
            direction: above
            warning: {threshold: 5}
            noData: {after: 2h}
            """);
    long update = OffsetDateTime.parse("2024-10-15T09:05:00+07:00").toInstant().toEpochMilli();
    AlertEvent fresh = event(AlertChange.FIRING, AlertLevel.NODATA, Double.NaN, Double.NaN);
    fresh.at = update + 2 * 3600_000L;
    fresh.since = fresh.at;
    MESSAGES.complete(fresh, r, Map.of("unit", "000.00.01.H40"), Map.of());
    assertEquals("Sở Tư pháp: Báo cáo trễ: không có số liệu từ 09:05 15/10/2024.", fresh.message);
    AlertEvent wasFiring = fresh.copy();
    wasFiring.since = update - 3600_000L; // fired at 08:05, then fell silent
    MESSAGES.complete(wasFiring, r, Map.of("unit", "000.00.01.H40"), Map.of());
    assertEquals(fresh.message, wasFiring.message);
  }

  @Test
  void numbersAndDurationsAreWrittenAsVietnameseReadThem() {
    assertEquals("1.234,5", AlertMessages.number(1234.5));
    assertEquals("0,5", AlertMessages.number(0.5));
    assertEquals("27,46", AlertMessages.number(27.456));
    assertEquals("100", AlertMessages.number(100.0));
    assertEquals("1.000.000", AlertMessages.number(1_000_000));
    assertEquals("-3,25", AlertMessages.number(-3.25));
    assertEquals("—", AlertMessages.number(Double.NaN));
    assertEquals("0 phút", AlertMessages.duration(59_999));
    assertEquals("45 phút", AlertMessages.duration(45 * 60_000L));
    assertEquals("2 giờ", AlertMessages.duration(120 * 60_000L));
    assertEquals("2 giờ 15 phút", AlertMessages.duration(135 * 60_000L));
    assertEquals("1 ngày", AlertMessages.duration(24 * 3_600_000L + 59 * 60_000L));
    assertEquals("3 ngày 4 giờ", AlertMessages.duration((3 * 24 + 4) * 3_600_000L));
  }
}
