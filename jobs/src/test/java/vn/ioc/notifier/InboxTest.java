package vn.ioc.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The demo's gateway prints what a person would read, and refuses a badly signed digest. */
class InboxTest {
  static final String BODY =
      "{\"notificationId\":\"n1\",\"at\":\"2024-10-15T09:01:00.000+07:00\","
          + "\"recipient\":{\"id\":\"lead.01\",\"name\":\"Giám đốc Sở Tư pháp\"},"
          + "\"subject\":\"IOC: 1 cảnh báo mới\",\"text\":\"IOC: 1 cảnh báo mới\\n\\nSở Tư pháp: 40%\\n\"}";

  @Test
  void aSignedDigestIsPrintedAndAcceptedABadlySignedOneRefused() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    HttpServer server =
        Inbox.start(0, "s3cret", new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
      String good = WebhookChannel.signature("s3cret".getBytes(StandardCharsets.UTF_8), body);
      assertEquals(204, post(server, body, good));
      assertEquals(401, post(server, body, "sha256=00"));
      assertEquals(
          "── 2024-10-15T09:01:00.000+07:00 → Giám đốc Sở Tư pháp (lead.01)\n"
              + "IOC: 1 cảnh báo mới\n\nSở Tư pháp: 40%\n\n"
              + "── 2024-10-15T09:01:00.000+07:00 → Giám đốc Sở Tư pháp (lead.01)"
              + " [BAD SIGNATURE: refused]\n"
              + "IOC: 1 cảnh báo mới\n\nSở Tư pháp: 40%\n\n",
          printed.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    } finally {
      server.stop(0);
    }
  }

  static int post(HttpServer server, byte[] body, String signature) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                .header("X-IOC-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
