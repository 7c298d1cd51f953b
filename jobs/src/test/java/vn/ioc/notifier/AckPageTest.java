package vn.ioc.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.ioc.alerting.AlertChange;
import vn.ioc.alerting.AlertEvent;
import vn.ioc.alerting.AlertLevel;
import vn.ioc.alerting.AlertOutputs;
import vn.ioc.reference.Directory;

/**
 * The ack page as a leader reads it, from what the alerting job writes on {@code ioc.alerts} (its
 * own writer, read back by {@link AlertEpisodes}): exact Vietnamese text, escaped feed text, and
 * what it says when it knows nothing yet.
 */
class AckPageTest {
  static final String JUSTICE = "000.00.01.H40";
  static final String ALERT_ID =
      "online-rate-low service_rates,scope=unit,unit=" + JUSTICE + ",window=1d";

  static final Directory DIRECTORY =
      new Directory(
          Map.of(
              "lead.01", person("lead.01", "Giám đốc Sở Tư pháp"),
              "ioc.truc-ban", person("ioc.truc-ban", "Trực ban Trung tâm IOC"),
              "ubnd.pct-noichinh",
                  person("ubnd.pct-noichinh", "Phó Chủ tịch UBND tỉnh phụ trách khối Nội chính")),
          Map.of());

  static final AckPage PAGES =
      new AckPage(DIRECTORY, Map.of(JUSTICE, "Sở Tư pháp"), "40", Fixtures.ZONE);

  static Directory.Person person(String id, String name) {
    return new Directory.Person(id, name, name, null, null, null, List.of());
  }

  static long at(String local) {
    return OffsetDateTime.parse("2024-10-15T" + local + ":00+07:00").toInstant().toEpochMilli();
  }

  /** The job's event: the justice department's alert, critical since 09:00. */
  static AlertEvent firing() {
    AlertEvent e = new AlertEvent();
    e.ruleId = "online-rate-low";
    e.series = "service_rates,scope=unit,unit=" + JUSTICE + ",window=1d";
    e.tags = Map.of("scope", "unit", "unit", JUSTICE, "window", "1d");
    e.unit = JUSTICE;
    e.unitName = "Sở Tư pháp";
    e.state = AlertChange.FIRING;
    e.level = AlertLevel.CRITICAL;
    e.value = 1234.5;
    e.threshold = 2000;
    e.at = at("09:00");
    e.since = at("09:00");
    e.description = "Hồ sơ trực tuyến trong ngày thấp";
    e.message = "Sở Tư pháp: 1.234,5 hồ sơ trực tuyến, dưới 2.000, từ 09:00 15/10/2024.\n{link}";
    e.recipients = List.of("lead.01", "ioc.truc-ban");
    return e;
  }

  static AlertEpisodes episodes(AlertEvent... events) {
    AlertEpisodes known = new AlertEpisodes(Duration.ofDays(7), 100);
    for (AlertEvent e : events) known.offer(AlertOutputs.json(e, Fixtures.ZONE), e.at);
    return known;
  }

  static AckLinks.Claim claim(String recipient) {
    return new AckLinks.Claim(ALERT_ID, JUSTICE, recipient, at("09:00"), Fixtures.EXPIRES);
  }

  @Test
  void aFiringAlertIsShownInTheLeadersWords() {
    AlertEpisodes.Seen s = episodes(firing()).seen(ALERT_ID, at("09:00"));
    assertEquals(
        """
        <p><strong>Hồ sơ trực tuyến trong ngày thấp</strong></p>
        <p>Sở Tư pháp: 1.234,5 hồ sơ trực tuyến, dưới 2.000, từ 09:00 15/10/2024.</p>
        <ul>
        <li>Đơn vị: Sở Tư pháp</li>
        <li>Mức: nghiêm trọng</li>
        <li>Giá trị: 1.234,5 (ngưỡng 2.000)</li>
        <li>Phát từ: 09:00 15/10/2024</li>
        <li>Những người khác đã được báo: Trực ban Trung tâm IOC</li>
        </ul>
        <p>Cảnh báo đang phát, chưa có ai xác nhận.</p>
        """,
        PAGES.facts(claim("lead.01"), s, null));
  }

  @Test
  void anAcknowledgedAndResolvedAlertSaysByWhomAndWhen() {
    AlertEvent acked = firing().copy();
    acked.state = AlertChange.ACKNOWLEDGED;
    acked.at = at("09:05");
    acked.acknowledgedBy = "lead.01";
    AlertEvent escalated = firing().copy();
    escalated.at = at("13:00");
    escalated.acknowledgedBy = "lead.01";
    escalated.recipients = List.of("lead.01", "ioc.truc-ban", "ubnd.pct-noichinh");
    AlertEvent resolved = escalated.copy();
    resolved.state = AlertChange.RESOLVED;
    resolved.at = at("13:40");
    AlertEpisodes known = episodes(firing(), acked, escalated, resolved);
    AlertEpisodes.Seen s = known.seen(ALERT_ID, at("09:00"));
    AckRegister.Given before = new AckRegister.Given(s.acknowledgedBy(), s.acknowledgedAt());
    String facts = PAGES.facts(claim("ioc.truc-ban"), s, before);
    assertTrue(
        facts.contains(
            "<li>Những người khác đã được báo: Giám đốc Sở Tư pháp,"
                + " Phó Chủ tịch UBND tỉnh phụ trách khối Nội chính</li>\n"),
        facts);
    assertTrue(
        facts.endsWith(
            "<p>Đã được Giám đốc Sở Tư pháp xác nhận lúc 09:05 15/10/2024."
                + " Cảnh báo đã hết lúc 13:40 15/10/2024.</p>\n"),
        facts);
    String page = PAGES.show(claim("ioc.truc-ban"), s, before, "TOKEN");
    assertTrue(page.contains("<h1>Cảnh báo đã được xác nhận</h1>"), page);
    assertFalse(page.contains("<form"), page);
  }

  @Test
  void everyTextFromTheFeedIsEscaped() {
    AlertEvent e = firing();
    e.unitName = "<script>alert('x')</script>";
    e.description = "Tỷ lệ < 50 % & giảm";
    e.message = "<b>\"đậm\"</b>";
    AlertEpisodes.Seen s = episodes(e).seen(ALERT_ID, at("09:00"));
    String page = PAGES.show(claim("lead.01"), s, null, "a\"b<c");
    assertTrue(
        page.contains("<li>Đơn vị: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</li>"), page);
    assertTrue(page.contains("<p><strong>Tỷ lệ &lt; 50 % &amp; giảm</strong></p>"), page);
    assertTrue(page.contains("<p>&lt;b&gt;&quot;đậm&quot;&lt;/b&gt;</p>"), page);
    assertTrue(page.contains("name=\"t\" value=\"a&quot;b&lt;c\""), page);
    assertFalse(page.contains("<script>") || page.contains("<b>"), page);
  }

  /** Before the page has read anything of the episode: what the link says, names not codes. */
  @Test
  void withoutTheAlertsEventsThePageSaysWhatTheLinkSays() {
    assertEquals(
        """
        <p>Cảnh báo: <code>online-rate-low service_rates,scope=unit,unit=000.00.01.H40,window=1d</code></p>
        <ul>
        <li>Đơn vị: Sở Tư pháp</li>
        <li>Phát từ: 09:00 15/10/2024</li>
        </ul>
        <p>Hệ thống chưa có thêm thông tin về lần phát này của cảnh báo.</p>
        """,
        PAGES.facts(claim("lead.01"), null, null));
    java.time.LocalDate day = java.time.LocalDate.of(2024, 10, 15);
    assertEquals("Toàn tỉnh", PAGES.unitName("40", null, day));
    assertEquals(
        "Đơn vị mã 000.00.99.H40 (chưa có tên trong danh mục)",
        PAGES.unitName("000.00.99.H40", null, day));
  }
}
