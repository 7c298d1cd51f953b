package vn.ioc.notifier;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.ioc.alerting.AlertMessages;
import vn.ioc.reference.Directory;
import vn.ioc.reference.Names;

/**
 * The acknowledgement pages, in Vietnamese, as a leader reads them: the rule's description, the
 * alert's message, the unit's name, the level in words, the value and threshold written the
 * Vietnamese way, since when it fires, who else was told (names from the directory), and whether,
 * when and by whom it was acknowledged. What the server does not know yet ({@link AlertEpisodes}
 * has no event of the episode) it leaves out, and the link's own claim still says which alert of
 * which unit since when. Everything that came from a feed, a form or a link is HTML-escaped.
 */
final class AckPage {
  private static final String ASK_AGAIN =
      " Vui lòng dùng liên kết trong thông báo mới nhất hoặc liên hệ Trung tâm IOC.";

  private final Directory directory;
  private final Names names;
  private final String province;
  private final ZoneId zone;

  /** Units' names valid on every day (tests). */
  AckPage(Directory directory, Map<String, String> unitNames, String province, ZoneId zone) {
    this(directory, Names.ofUnits(unitNames), province, zone);
  }

  /**
   * @param names the reference data's names by date (for what the feed does not name)
   * @param province the province's code: the unit of province-wide alerts
   */
  AckPage(Directory directory, Names names, String province, ZoneId zone) {
    this.directory = directory;
    this.names = names;
    this.province = province;
    this.zone = zone;
  }

  /** GET: the alert and, unless it was acknowledged already, the form that confirms it. */
  String show(AckLinks.Claim c, AlertEpisodes.Seen s, AckRegister.Given before, String token) {
    if (before != null)
      return page(
          "Đã được xác nhận",
          "<h1>Cảnh báo đã được xác nhận</h1>\n"
              + facts(c, s, before)
              + "<p>Không cần xác nhận lại.</p>\n");
    return page(
        "Xác nhận cảnh báo",
        "<h1>Xác nhận đã nhận cảnh báo</h1>\n"
            + facts(c, s, null)
            + "<form method=\"post\" action=\"ack\">\n"
            + "<input type=\"hidden\" name=\"t\" value=\""
            + escape(token)
            + "\">\n"
            + "<p><label for=\"comment\">Ghi chú (không bắt buộc)</label><br>\n"
            + "<textarea id=\"comment\" name=\"comment\" rows=\"4\" cols=\"60\" maxlength=\""
            + AckServer.MAX_COMMENT
            + "\"></textarea></p>\n"
            + "<p><button type=\"submit\">Xác nhận</button></p>\n"
            + "</form>\n");
  }

  /** POST that acknowledged the episode. */
  String recorded(AckLinks.Claim c, AlertEpisodes.Seen s) {
    return page(
        "Đã xác nhận",
        "<h1>Đã ghi nhận xác nhận của bạn</h1>\n"
            + facts(c, s, null)
            + (s != null && s.resolved()
                ? "<p>Cảm ơn. Cảnh báo đã hết; xác nhận của bạn được ghi lại.</p>\n"
                : "<p>Cảm ơn. Cảnh báo sẽ không được nhắc lại hay chuyển lên cấp trên.</p>\n"));
  }

  /** POST of an episode acknowledged before: nothing was recorded. */
  String already(AckLinks.Claim c, AlertEpisodes.Seen s, AckRegister.Given before) {
    return page(
        "Đã được xác nhận",
        "<h1>Cảnh báo đã được xác nhận</h1>\n"
            + facts(c, s, before)
            + "<p>Không cần xác nhận lại; lần này không được ghi thêm.</p>\n");
  }

  /** A link that cannot be used. */
  String refused(AckLinks.Refusal why) {
    String line =
        switch (why) {
          case EXPIRED -> "Liên kết xác nhận đã hết hạn.";
          case OUTDATED ->
              "Liên kết xác nhận này theo mẫu cũ, không cho biết lần phát nào của cảnh báo,"
                  + " nên không còn dùng được.";
          default -> "Liên kết xác nhận không hợp lệ.";
        };
    return page(
        "Không thể xác nhận", "<h1>Không thể xác nhận</h1>\n<p>" + line + ASK_AGAIN + "</p>\n");
  }

  String unavailable() {
    return page(
        "Chưa ghi nhận",
        """
        <h1>Chưa ghi nhận được xác nhận</h1>
        <p>Hệ thống tạm thời không ghi nhận được. Vui lòng thử lại sau ít phút.</p>
        """);
  }

  /** What the alert is, and where it stands. */
  String facts(AckLinks.Claim c, AlertEpisodes.Seen s, AckRegister.Given before) {
    StringBuilder b = new StringBuilder();
    if (s == null) {
      b.append("<p>Cảnh báo: <code>").append(escape(c.alertId())).append("</code></p>\n");
    } else {
      if (s.description() != null)
        b.append("<p><strong>").append(escape(s.description())).append("</strong></p>\n");
      if (s.message() != null)
        b.append("<p>")
            .append(escape(DigestText.withoutLink(s.message())).replace("\n", "<br>\n"))
            .append("</p>\n");
    }
    b.append("<ul>\n");
    item(
        b,
        "Đơn vị",
        unitName(
            s == null ? c.unit() : s.unit(),
            s == null ? null : s.unitName(),
            java.time.Instant.ofEpochMilli(c.since()).atZone(zone).toLocalDate()));
    if (s != null) {
      item(b, "Mức", AlertMessages.levelName(s.level()));
      if (!Double.isNaN(s.value()))
        item(
            b,
            "Giá trị",
            AlertMessages.number(s.value())
                + (Double.isNaN(s.threshold())
                    ? ""
                    : " (ngưỡng " + AlertMessages.number(s.threshold()) + ")"));
    }
    item(b, "Phát từ", AlertMessages.localTime(c.since(), zone));
    if (s != null) {
      List<String> others = new ArrayList<>();
      for (String r : s.recipients()) if (!r.equals(c.recipient())) others.add(personName(r));
      item(
          b,
          "Những người khác đã được báo",
          others.isEmpty() ? "không có" : String.join(", ", others));
    }
    b.append("</ul>\n");
    b.append("<p>").append(escape(status(s, before))).append("</p>\n");
    return b.toString();
  }

  /** Where the episode stands, in one or two sentences. */
  String status(AlertEpisodes.Seen s, AckRegister.Given before) {
    List<String> said = new ArrayList<>();
    if (before != null)
      said.add(
          "Đã được "
              + personName(before.by())
              + " xác nhận"
              + (before.at() == AlertEpisodes.UNKNOWN
                  ? "."
                  : " lúc " + AlertMessages.localTime(before.at(), zone) + "."));
    if (s != null && s.resolved())
      said.add("Cảnh báo đã hết lúc " + AlertMessages.localTime(s.endsAt(), zone) + ".");
    else if (s != null && before == null) said.add("Cảnh báo đang phát, chưa có ai xác nhận.");
    else if (s == null && before == null)
      said.add("Hệ thống chưa có thêm thông tin về lần phát này của cảnh báo.");
    return String.join(" ", said);
  }

  /**
   * The unit's name: as the alert gave it, else the reference data's of {@code day}; never a bare
   * code.
   */
  String unitName(String code, String fromFeed, java.time.LocalDate day) {
    if (fromFeed != null && !fromFeed.isBlank()) return fromFeed;
    String name = names.unit(code, day);
    if (name != null) return name;
    if (code.equals(province)) return "Toàn tỉnh";
    return "Đơn vị mã " + code + " (chưa có tên trong danh mục)";
  }

  /** A person's name from the directory; the id when the directory does not know them. */
  String personName(String id) {
    Directory.Person p = directory.people().get(id);
    return p == null ? id : p.name();
  }

  private static void item(StringBuilder b, String label, String value) {
    b.append("<li>").append(label).append(": ").append(escape(value)).append("</li>\n");
  }

  static String page(String title, String body) {
    return "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<meta name=\"robots\" content=\"noindex\">\n<title>"
        + escape(title)
        + "</title>\n</head>\n<body>\n"
        + body
        + "</body>\n</html>\n";
  }

  /** HTML escaping of text and attribute values. */
  static String escape(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
