package vn.ioc.notifier;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A minimal SMTP server for the cases GreenMail does not cover: STARTTLS (GreenMail 2.1's SMTP
 * server does not offer it), a command answered with a chosen reply ({@link #replyNext}), a relay
 * that never answers or hangs up at once. Real sockets on an ephemeral port of 127.0.0.1, a thread
 * per connection; TLS with the key of {@link TestTls} it is given, upgraded in place on {@code
 * STARTTLS} ({@link SSLSocket} over the connected socket, server mode) or from the first byte.
 * Offers {@code AUTH PLAIN LOGIN} and accepts what it is given.
 */
final class TestSmtpServer implements AutoCloseable {
  enum Mode {
    /** Offers STARTTLS and refuses mail before it ({@code 530}). */
    STARTTLS,
    /** TLS from the first byte. */
    SMTPS,
    /** Accepts the connection and never says anything. */
    SILENT,
    /** Accepts the connection and closes it at once. */
    HANG_UP
  }

  /**
   * One accepted message: envelope, the AUTH line given (or null), whether over TLS, the data (its
   * bytes as ISO-8859-1 characters).
   */
  record Received(
      String mailFrom, List<String> recipients, String auth, boolean overTls, String data) {
    /** The data, parsed by Jakarta Mail. */
    MimeMessage mime() throws Exception {
      return new MimeMessage(
          Session.getInstance(new Properties()),
          new ByteArrayInputStream(data.getBytes(StandardCharsets.ISO_8859_1)));
    }
  }

  private final Mode mode;
  private final SSLContext tls;
  private final ServerSocket server;
  private final List<Received> messages = new ArrayList<>();
  private final Deque<String[]> scripted = new ArrayDeque<>();
  private final List<Socket> open = new ArrayList<>();
  private int connections;

  TestSmtpServer(Mode mode, SSLContext tls) throws IOException {
    this.mode = mode;
    this.tls = tls;
    server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "test-smtp-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /**
   * The next {@code times} times the command {@code verb} comes ({@code MAIL}, {@code RCPT}, {@code
   * DATA}, {@code AUTH}, or {@code END} for the end of the data), it is answered {@code reply},
   * e.g. {@code "451 4.3.0 try again later"}.
   */
  synchronized TestSmtpServer replyNext(int times, String verb, String reply) {
    for (int i = 0; i < times; i++) scripted.add(new String[] {verb, reply});
    return this;
  }

  synchronized List<Received> messages() {
    return List.copyOf(messages);
  }

  synchronized int connections() {
    return connections;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        synchronized (this) {
          connections++;
          open.add(s);
        }
        Thread t = new Thread(() -> converse(s), "test-smtp-session");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private synchronized String reply(String verb, String normal) {
    String[] next = scripted.peek();
    if (next != null && next[0].equals(verb)) {
      scripted.poll();
      return next[1];
    }
    return normal;
  }

  private void converse(Socket plain) {
    try (plain) {
      plain.setSoTimeout(10_000);
      switch (mode) {
        case HANG_UP -> {
          return;
        }
        case SILENT -> {
          // hold the connection until the client gives up (or the server closes)
          while (plain.getInputStream().read() >= 0) {
            // discard: a TLS client hello, or nothing
          }
          return;
        }
        default -> {}
      }
      Socket s = mode == Mode.SMTPS ? upgrade(plain) : plain;
      boolean overTls = mode == Mode.SMTPS;
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      send(out, "220 test.relay ESMTP ready");
      String from = null;
      String auth = null;
      List<String> rcpt = new ArrayList<>();
      while (true) {
        String line = readLine(in);
        if (line == null) return;
        String verb = line.split(" ", 2)[0].split(":", 2)[0].toUpperCase(Locale.ROOT);
        switch (verb) {
          case "EHLO" ->
              send(
                  out,
                  "250-test.relay greets you\r\n"
                      + (mode == Mode.STARTTLS && !overTls ? "250-STARTTLS\r\n" : "")
                      + "250-AUTH PLAIN LOGIN\r\n250 8BITMIME");
          case "HELO", "NOOP", "RSET" -> send(out, "250 2.0.0 ok");
          case "STARTTLS" -> {
            if (mode != Mode.STARTTLS || overTls) {
              send(out, "502 5.5.1 not now");
              continue;
            }
            send(out, "220 2.0.0 go ahead");
            s = upgrade(s);
            overTls = true;
            in = new BufferedInputStream(s.getInputStream());
            out = s.getOutputStream();
            from = null;
            auth = null;
            rcpt.clear();
          }
          case "AUTH" -> {
            String r = reply("AUTH", "235 2.7.0 authenticated");
            if (r.startsWith("235")) auth = line;
            send(out, r);
          }
          case "MAIL" -> {
            String r =
                mode == Mode.STARTTLS && !overTls
                    ? "530 5.7.0 must issue a STARTTLS command first"
                    : reply("MAIL", "250 2.1.0 ok");
            if (r.startsWith("250")) from = address(line);
            send(out, r);
          }
          case "RCPT" -> {
            String r = reply("RCPT", "250 2.1.5 ok");
            if (r.startsWith("250")) rcpt.add(address(line));
            send(out, r);
          }
          case "DATA" -> {
            String r = reply("DATA", "354 end with <CRLF>.<CRLF>");
            send(out, r);
            if (!r.startsWith("354")) continue;
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            while (true) {
              String l = readLine(in);
              if (l == null) return;
              if (l.equals(".")) break;
              data.writeBytes(
                  (l.startsWith(".") ? l.substring(1) : l).getBytes(StandardCharsets.ISO_8859_1));
              data.writeBytes(new byte[] {'\r', '\n'});
            }
            String end = reply("END", "250 2.0.0 queued");
            if (end.startsWith("250")) {
              synchronized (this) {
                messages.add(
                    new Received(
                        from,
                        List.copyOf(rcpt),
                        auth,
                        overTls,
                        data.toString(StandardCharsets.ISO_8859_1)));
                notifyAll();
              }
            }
            send(out, end);
            from = null;
            rcpt.clear();
          }
          case "QUIT" -> {
            send(out, "221 2.0.0 bye");
            return;
          }
          default -> send(out, "502 5.5.2 not implemented");
        }
      }
    } catch (IOException e) {
      // the client went away, or its TLS handshake failed
    }
  }

  /** TLS over the connected socket, this side the server. */
  private Socket upgrade(Socket s) throws IOException {
    SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), true);
    t.setUseClientMode(false);
    t.startHandshake();
    return t;
  }

  private static String address(String line) {
    return line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
  }

  private static void send(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /**
   * A CRLF-terminated line without its CRLF, its bytes as ISO-8859-1 characters; null at the end of
   * the stream.
   */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (this) {
      for (Socket s : open) s.close();
    }
  }
}
