package vn.ioc.notifier;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mail server for tests: real SMTP on an ephemeral port of 127.0.0.1 (a thread per connection,
 * plain sockets) that accepts every message and stores it, or answers a command with the reply it
 * was told to give ({@link #replyNext}). Offers {@code AUTH PLAIN}; no TLS. {@link Message} decodes
 * what the notifier writes: the RFC 2047 subject and the base64 UTF-8 body.
 */
public final class SmtpReceiver implements AutoCloseable {
  /** One accepted message: envelope, the AUTH PLAIN credentials given (or null), the data. */
  public record Message(String mailFrom, List<String> recipients, String auth, String data) {
    /** A header's value, unfolded; null when absent. */
    public String header(String name) {
      String head = data.substring(0, data.indexOf("\r\n\r\n") + 2).replace("\r\n ", " ");
      for (String line : head.split("\r\n", -1)) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name))
          return line.substring(colon + 1).strip();
      }
      return null;
    }

    /** The Subject, RFC 2047 encoded-words decoded. */
    public String subject() {
      return decodeWords(header("Subject"));
    }

    /** The body, base64 decoded, as UTF-8 (CRLF line ends as sent). */
    public String body() {
      String b64 = data.substring(data.indexOf("\r\n\r\n") + 4).replace("\r\n", "");
      return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    /** The raw lines of the body as sent (base64). */
    public List<String> bodyLines() {
      String b = data.substring(data.indexOf("\r\n\r\n") + 4);
      return List.of(b.split("\r\n"));
    }
  }

  private static final Pattern WORD = Pattern.compile("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]*)\\?=");

  /** Decodes {@code =?UTF-8?B?...?=} words (the blanks between words dropped, as RFC 2047 says). */
  public static String decodeWords(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Matcher m = WORD.matcher(s);
    int end = 0;
    while (m.find()) {
      if (!s.substring(end, m.start()).isBlank())
        throw new IllegalArgumentException("text between encoded words: " + s);
      bytes.writeBytes(Base64.getDecoder().decode(m.group(1)));
      end = m.end();
    }
    if (end != s.length()) throw new IllegalArgumentException("not only encoded words: " + s);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private final ServerSocket server;
  private final List<Message> messages = new ArrayList<>();
  private final Deque<String[]> scripted = new ArrayDeque<>();
  private final Thread acceptor;
  private int connections;

  public SmtpReceiver() throws IOException {
    server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::accept, "smtp-receiver");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /**
   * The next {@code times} times the command {@code verb} comes ({@code MAIL}, {@code RCPT}, {@code
   * DATA}, or {@code END} for the end of the data), it is answered {@code reply}, e.g. {@code "451
   * 4.3.0 try again later"}.
   */
  public synchronized SmtpReceiver replyNext(int times, String verb, String reply) {
    for (int i = 0; i < times; i++) scripted.add(new String[] {verb, reply});
    return this;
  }

  public synchronized List<Message> messages() {
    return List.copyOf(messages);
  }

  public synchronized int connections() {
    return connections;
  }

  /** Waits until at least {@code count} messages were accepted; returns them. */
  public synchronized List<Message> awaitMessages(int count, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (messages.size() < count) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) throw new TimeoutException(messages.size() + " of " + count + " mails came");
      wait(left);
    }
    return List.copyOf(messages);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        synchronized (this) {
          connections++;
        }
        Thread t = new Thread(() -> converse(s), "smtp-receiver-session");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** The scripted reply for this verb, or {@code normal}. */
  private synchronized String reply(String verb, String normal) {
    String[] next = scripted.peek();
    if (next != null && next[0].equals(verb)) {
      scripted.poll();
      return next[1];
    }
    return normal;
  }

  private void converse(Socket s) {
    try (s) {
      s.setSoTimeout(30_000);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      send(out, "220 test ESMTP ready");
      String from = null;
      String auth = null;
      List<String> rcpt = new ArrayList<>();
      while (true) {
        String line = readLine(in);
        if (line == null) return;
        String verb = line.split(" ", 2)[0].split(":", 2)[0].toUpperCase(Locale.ROOT);
        switch (verb) {
          case "EHLO" -> send(out, "250-test greets you\r\n250-AUTH PLAIN\r\n250 8BITMIME");
          case "HELO", "NOOP", "RSET" -> send(out, "250 ok");
          case "AUTH" -> {
            auth = line;
            send(out, "235 2.7.0 authenticated");
          }
          case "MAIL" -> {
            String r = reply("MAIL", "250 2.1.0 ok");
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
            StringBuilder data = new StringBuilder();
            while (true) {
              String l = readLine(in);
              if (l == null) return;
              if (l.equals(".")) break;
              data.append(l.startsWith(".") ? l.substring(1) : l).append("\r\n");
            }
            String end = reply("END", "250 2.0.0 queued");
            if (end.startsWith("250")) {
              synchronized (this) {
                messages.add(new Message(from, List.copyOf(rcpt), auth, data.toString()));
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
      // the client went away
    }
  }

  private static String address(String line) {
    return line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
  }

  private static void send(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** A CRLF-terminated line without its CRLF; null at the end of the stream. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
