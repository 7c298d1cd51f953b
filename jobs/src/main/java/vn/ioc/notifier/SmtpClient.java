package vn.ioc.notifier;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal SMTP client (RFC 5321) on a plain socket, one message per connection: EHLO, STARTTLS
 * when configured (the server's certificate and name are checked), AUTH PLAIN when a user is set,
 * MAIL FROM, RCPT TO, DATA, QUIT.
 *
 * <p>A refusal is an {@link SmtpException} with the reply code and the command it answered, never
 * the server's text: mail servers echo addresses in their replies, and the exception reaches dead
 * letters and logs. Only the enhanced status code ({@code 5.1.1}) is kept.
 */
final class SmtpClient {
  /** Where and how to connect. {@code tls}: the factory for STARTTLS (the JVM's default). */
  record Server(
      String host,
      int port,
      boolean startTls,
      String user,
      String password,
      Duration timeout,
      SSLSocketFactory tls) {
    @Override
    public String toString() {
      return host + ":" + port + (startTls ? " (STARTTLS)" : "");
    }
  }

  /** The server refused a command. */
  static final class SmtpException extends Exception {
    private final int code;

    SmtpException(String command, int code, String enhanced) {
      super(
          command + " refused: " + code + (enhanced == null ? "" : " " + enhanced),
          null,
          false,
          false);
      this.code = code;
    }

    int code() {
      return code;
    }

    /** 4xx: the server asks to try again later. */
    boolean isTransient() {
      return code >= 400 && code < 500;
    }
  }

  private record Reply(int code, List<String> lines) {
    String enhanced() {
      String first = lines.isEmpty() ? "" : lines.get(0);
      String[] parts = first.split(" ", 2);
      return parts.length > 0 && parts[0].matches("[245]\\.\\d{1,3}\\.\\d{1,3}") ? parts[0] : null;
    }
  }

  private final Server server;

  SmtpClient(Server server) {
    this.server = server;
  }

  /**
   * Sends one message (headers and body with CRLF line ends, ASCII). Returns the final reply code.
   */
  int send(String from, String to, byte[] message) throws IOException, SmtpException {
    requireAddress(from, "sender");
    requireAddress(to, "recipient");
    int timeout = (int) server.timeout().toMillis();
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(server.host(), server.port()), timeout);
      plain.setSoTimeout(timeout);
      Socket socket = plain;
      Conversation c = new Conversation(socket);
      c.expect("greeting", c.read(), 220);
      String helo = "EHLO " + heloName(socket);
      List<String> extensions = c.expect("EHLO", c.command(helo), 250).lines();
      if (server.startTls()) {
        if (!has(extensions, "STARTTLS"))
          throw new SmtpException("STARTTLS (not offered)", 554, null);
        c.expect("STARTTLS", c.command("STARTTLS"), 220);
        SSLSocket tls =
            (SSLSocket) server.tls().createSocket(socket, server.host(), server.port(), true);
        SSLParameters params = tls.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
        tls.setSSLParameters(params);
        tls.startHandshake();
        socket = tls;
        c = new Conversation(socket);
        extensions = c.expect("EHLO", c.command(helo), 250).lines();
      }
      if (server.user() != null) {
        byte[] plainAuth =
            ("\0" + server.user() + "\0" + server.password()).getBytes(StandardCharsets.UTF_8);
        c.expect(
            "AUTH", c.command("AUTH PLAIN " + Base64.getEncoder().encodeToString(plainAuth)), 235);
      }
      c.expect("MAIL FROM", c.command("MAIL FROM:<" + from + ">"), 250);
      c.expect("RCPT TO", c.command("RCPT TO:<" + to + ">"), 250, 251);
      c.expect("DATA", c.command("DATA"), 354);
      c.writeData(message);
      int code = c.expect("message", c.read(), 250).code();
      try {
        c.command("QUIT");
      } catch (IOException e) {
        // the message is accepted; a server that hangs up without a 221 changes nothing
      }
      return code;
    }
  }

  private static boolean has(List<String> ehlo, String extension) {
    for (String l : ehlo) {
      if (l.toUpperCase(Locale.ROOT).split(" ", -1)[0].equals(extension)) return true;
    }
    return false;
  }

  /** Refuses what could break out of {@code <...>} (header or command injection). */
  private static void requireAddress(String a, String what) throws SmtpException {
    if (a == null
        || a.isEmpty()
        || !a.matches("[^\\s<>()\\[\\],;:\"\\\\]+@[^\\s<>()\\[\\],;:\"\\\\]+"))
      throw new SmtpException("the " + what + " address (not a plain address)", 553, null);
  }

  private static String heloName(Socket s) {
    var a = s.getLocalAddress();
    return a instanceof java.net.Inet6Address
        ? "[IPv6:" + a.getHostAddress().replaceAll("%.*", "") + "]"
        : "[" + a.getHostAddress() + "]";
  }

  /** Commands and replies on one socket. */
  private static final class Conversation {
    private static final int MAX_LINE = 8192;
    private final InputStream in;
    private final OutputStream out;

    Conversation(Socket s) throws IOException {
      this.in = s.getInputStream();
      this.out = new BufferedOutputStream(s.getOutputStream());
    }

    Reply command(String line) throws IOException {
      out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      return read();
    }

    /** The message, dot-stuffed, then the lone dot. */
    void writeData(byte[] message) throws IOException {
      boolean lineStart = true;
      for (byte b : message) {
        if (lineStart && b == '.') out.write('.');
        out.write(b);
        lineStart = b == '\n';
      }
      if (!lineStart) out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    /** One reply, every line of it ({@code 250-...} continues, {@code 250 ...} ends). */
    Reply read() throws IOException {
      List<String> lines = new ArrayList<>();
      while (true) {
        String line = line();
        if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit))
          throw new IOException("not an SMTP reply");
        int code = Integer.parseInt(line.substring(0, 3));
        lines.add(line.length() > 4 ? line.substring(4) : "");
        if (line.length() == 3 || line.charAt(3) == ' ') return new Reply(code, lines);
        if (line.charAt(3) != '-') throw new IOException("not an SMTP reply");
      }
    }

    private String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      while (true) {
        int c = in.read();
        if (c < 0) throw new IOException("connection closed by the server");
        if (c == '\n') break;
        if (b.size() >= MAX_LINE) throw new IOException("reply line too long");
        b.write(c);
      }
      String s = b.toString(StandardCharsets.UTF_8);
      return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    Reply expect(String command, Reply r, int... ok) throws SmtpException {
      for (int code : ok) if (r.code() == code) return r;
      throw new SmtpException(command, r.code(), r.enhanced());
    }
  }
}
