package vn.ioc.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import vn.ioc.dispatch.Notification;

class DigestTextTest {

  @Test
  void subjectThenEachMessageWithItsLinkWhereItCanBeAcknowledged() throws Exception {
    Notification n = Fixtures.notification();
    String text =
        DigestText.render(
            n,
            Arrays.asList(
                "https://ioc.example.vn/ack?t=A", "https://ioc.example.vn/ack?t=B", null));
    assertEquals(
        """
        [IOC Nghệ An] 3 cảnh báo

        Tỷ lệ hồ sơ trực tuyến hôm nay của Sở Tư pháp: 41,5 % (ngưỡng 50 %). Xác nhận: https://ioc.example.vn/ack?t=A

        Sở Y tế chưa gửi báo cáo từ 07:00.
        Xác nhận đã nhận cảnh báo: https://ioc.example.vn/ack?t=B

        Đã hết cảnh báo nhiệm vụ quá hạn.
        """,
        text);
  }

  @Test
  void eachAlertSaysWhatChangedAndTheDigestAfterACatchUpSaysWhatWasNotSent() throws Exception {
    Notification n = Fixtures.notification();
    n.subject = "[IOC Nghệ An] Tổng hợp sau gián đoạn: 1 cảnh báo mới, 1 vẫn phát, 1 đã hết";
    n.heldBack = 1234;
    n.alerts.get(0).change = "Mới";
    n.alerts.get(1).change = "Vẫn phát, đã được Trực ban Trung tâm IOC xác nhận";
    n.alerts.get(1).ackable = false;
    n.alerts.get(2).change = "Đã hết";
    assertEquals(
        """
        [IOC Nghệ An] Tổng hợp sau gián đoạn: 1 cảnh báo mới, 1 vẫn phát, 1 đã hết

        Hệ thống vừa xử lý xong số liệu tồn đọng: 1.234 thông báo trong thời gian đó không gửi\
         riêng; dưới đây là tình hình hiện tại.

        [Mới] Tỷ lệ hồ sơ trực tuyến hôm nay của Sở Tư pháp: 41,5 % (ngưỡng 50 %). Xác nhận:\
         https://ioc.example.vn/ack?t=A

        [Vẫn phát, đã được Trực ban Trung tâm IOC xác nhận] Sở Y tế chưa gửi báo cáo từ 07:00.

        [Đã hết] Đã hết cảnh báo nhiệm vụ quá hạn.
        """,
        DigestText.render(n, Arrays.asList("https://ioc.example.vn/ack?t=A", null, null)));
  }

  @Test
  void oneSmsSaysTheAlertWhenThereIsOneElseTheSubject() throws Exception {
    Notification n = Fixtures.notification();
    assertEquals("[IOC Nghệ An] 3 cảnh báo", DigestText.sms(n));
    n.alerts = new java.util.ArrayList<>(n.alerts.subList(0, 1));
    n.alerts.get(0).change = "Mới";
    n.alerts.get(0).sms = "Sở Tư pháp: 41,5 % < 50 %, Tỷ lệ hồ sơ trực tuyến hôm nay";
    assertEquals(
        "Mới: Sở Tư pháp: 41,5 % < 50 %, Tỷ lệ hồ sơ trực tuyến hôm nay", DigestText.sms(n));
  }

  @Test
  void aNoticeThatIsNotAckableLosesItsLinkEvenWhenAUrlIsGiven() throws Exception {
    Notification.Notice resolved = Fixtures.notification().alerts.get(2);
    assertEquals(
        "Đã hết cảnh báo nhiệm vụ quá hạn.",
        DigestText.message(resolved, "https://ioc.example.vn/ack?t=C", true));
  }

  @Test
  void aLinkThatIsLeftOutTakesItsLabelWithIt() throws Exception {
    Notification.Notice acked = Fixtures.notification().alerts.get(0);
    acked.ackable = false;
    assertEquals(
        "Tỷ lệ hồ sơ trực tuyến hôm nay của Sở Tư pháp: 41,5 % (ngưỡng 50 %).",
        DigestText.message(acked, "https://ioc.example.vn/ack?t=A", true));
    assertEquals(
        "Sở Tư pháp dưới ngưỡng.\nCòn 2 ngày.",
        DigestText.withoutLink("Sở Tư pháp dưới ngưỡng.\nXác nhận tại đây: {link}\nCòn 2 ngày."));
    // a colon that is not a label before the link stays
    assertEquals(
        "Sở Tư pháp: dưới ngưỡng từ 09:05",
        DigestText.withoutLink("Sở Tư pháp: dưới ngưỡng từ 09:05 {link}"));
    assertEquals("Lúc 09:05.", DigestText.withoutLink("{link} Lúc 09:05."));
  }

  @Test
  void theHandlerLinksEachAckableAlertForTheRecipientUntilSevenDaysAfterTheDigest()
      throws Exception {
    Fixtures.Harness h = new Fixtures.Harness(java.util.List.of(), 1);
    Digest d = h.handler.digest(Fixtures.notification(), Fixtures.PERSON, 0);
    assertEquals(
        Arrays.asList(
            Fixtures.link("online-rate-today|unit=000.00.12.H40", "000.00.12.H40", "07:30"),
            Fixtures.link("feed-silent|unit=000.00.13.H40", "000.00.13.H40", "07:00"),
            null),
        d.ackUrls());
    assertEquals(1729645200L, Fixtures.EXPIRES);
  }

  @Test
  void aDigestOfThePastGetsLinksValidForSevenDaysFromWhenItWasWritten() throws Exception {
    Fixtures.Harness h = new Fixtures.Harness(java.util.List.of(), 1);
    long written = Fixtures.notification().at + 30L * 86_400_000;
    String url =
        h.handler.digest(Fixtures.notification(), Fixtures.PERSON, written).ackUrls().get(0);
    String claim = url.substring(url.indexOf("?t=") + 3, url.indexOf('.', url.indexOf("?t=")));
    com.fasterxml.jackson.databind.JsonNode c =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(java.util.Base64.getUrlDecoder().decode(claim));
    assertEquals(written / 1000 + 7 * 86_400, c.get(3).asLong());
    assertEquals(Fixtures.EXPIRES + 30 * 86_400, c.get(3).asLong());
  }
}
