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
  void aNoticeThatIsNotAckableLosesItsLinkEvenWhenAUrlIsGiven() throws Exception {
    Notification.Notice resolved = Fixtures.notification().alerts.get(2);
    assertEquals(
        "Đã hết cảnh báo nhiệm vụ quá hạn.",
        DigestText.message(resolved, "https://ioc.example.vn/ack?t=C", true));
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
