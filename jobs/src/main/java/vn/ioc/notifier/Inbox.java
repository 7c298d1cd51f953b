package vn.ioc.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import vn.ioc.cli.ToolArgs;

/**
 * {@code deploy/ioc inbox [--port 8091]}: a webhook gateway to try the notifier with (the demo runs
 * one): it prints every digest the notifier posts, as the person would read it, and whether its
 * {@code X-IOC-Signature} is right for the secret in {@code IOC_NOTIFIER_WEBHOOK_SECRET}. It
 * answers 204 to a signed digest and 401 to a badly signed one, as a real gateway should.
 */
public final class Inbox {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Inbox() {}

  public static void main(String[] args) throws Exception {
    ToolArgs a = ToolArgs.parse(args, Set.of("port"), Set.of());
    int port = Integer.parseInt(a.get("port", "8091"));
    String secret = System.getenv("IOC_NOTIFIER_WEBHOOK_SECRET");
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    HttpServer server = start(port, secret, out);
    out.println(
        "inbox: listening on http://127.0.0.1:"
            + server.getAddress().getPort()
            + "/ ("
            + (secret == null
                ? "signatures not checked: IOC_NOTIFIER_WEBHOOK_SECRET is not set"
                : "signatures checked")
            + ")");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop(0);
                  stopped.countDown();
                }));
    stopped.await();
  }

  /** Listens on 127.0.0.1:{@code port} (0: any free port). */
  static HttpServer start(int port, String secret, PrintStream out) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    server.createContext("/", ex -> receive(ex, secret, out));
    server.start();
    return server;
  }

  static void receive(HttpExchange ex, String secret, PrintStream out) throws IOException {
    try (ex) {
      if (!"POST".equals(ex.getRequestMethod())) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = ex.getRequestBody().readAllBytes();
      boolean signed =
          secret == null
              || MessageDigest.isEqual(
                  String.valueOf(ex.getRequestHeaders().getFirst("X-IOC-Signature"))
                      .getBytes(StandardCharsets.UTF_8),
                  WebhookChannel.signature(secret.getBytes(StandardCharsets.UTF_8), body)
                      .getBytes(StandardCharsets.UTF_8));
      out.println(show(body, signed));
      ex.sendResponseHeaders(signed ? 204 : 401, -1);
    }
  }

  /** A digest as its reader sees it, under a line saying to whom, when, and the signature. */
  static String show(byte[] body, boolean signed) {
    try {
      JsonNode d = JSON.readTree(body);
      return "── "
          + d.path("at").asText()
          + " → "
          + d.at("/recipient/name").asText()
          + " ("
          + d.at("/recipient/id").asText()
          + ")"
          + (signed ? "" : " [BAD SIGNATURE: refused]")
          + "\n"
          + d.path("text").asText().strip()
          + "\n";
    } catch (IOException e) {
      return "── not a digest (" + e.getMessage() + ")" + (signed ? "" : " [BAD SIGNATURE]");
    }
  }
}
