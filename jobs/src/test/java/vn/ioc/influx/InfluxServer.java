package vn.ioc.influx;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDB.ResponseFormat;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * A private InfluxDB 1.x server for integration tests: its own {@code influxd} process on free
 * ports, with config and data in a temporary folder, auth on or off. It can be stopped and started
 * again on the same port and data (outages), and {@link #close()} kills it by PID and deletes the
 * folder; a shutdown hook does the same if the test JVM ends early. It never touches the shared
 * server on 8086.
 *
 * <p>Needs {@code influxd} on the PATH ({@code apt-get install -y influxdb influxdb-client}; {@code
 * deploy/ioc services up} installs it), or its path in the system property {@code ioc.influxd}.
 */
public final class InfluxServer implements AutoCloseable {
  /** With auth on: the administrator created at first start. */
  public static final String ADMIN = "admin";

  public static final String ADMIN_PASSWORD = "admin-pw-for-tests";

  private final Path dir;
  private final boolean auth;
  private final int httpPort;
  private final int rpcPort;
  private final Thread shutdownHook;
  private Process process;

  private InfluxServer(Path dir, boolean auth, int httpPort, int rpcPort) {
    this.dir = dir;
    this.auth = auth;
    this.httpPort = httpPort;
    this.rpcPort = rpcPort;
    this.shutdownHook = new Thread(this::killAndDelete, "influxd-cleanup-" + httpPort);
  }

  /**
   * Starts a server and waits until it answers {@code /ping}; with auth on, also creates {@link
   * #ADMIN}.
   */
  public static InfluxServer start(boolean auth) throws IOException, InterruptedException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(tmp);
    InfluxServer s =
        new InfluxServer(Files.createTempDirectory(tmp, "influxd-"), auth, freePort(), freePort());
    Runtime.getRuntime().addShutdownHook(s.shutdownHook);
    try {
      s.writeConfig();
      s.startProcess();
      if (auth)
        s.post(
            "/query",
            "q="
                + enc(
                    "CREATE USER \""
                        + ADMIN
                        + "\" WITH PASSWORD '"
                        + ADMIN_PASSWORD
                        + "' WITH ALL PRIVILEGES"),
            false);
      return s;
    } catch (IOException | InterruptedException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  public String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Stops the server (SIGTERM, SIGKILL after 15 s); the data stays for {@link #restart()}. */
  public void stop() throws InterruptedException {
    if (process == null) return;
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    process = null;
  }

  /** Starts it again on the same port with the same data. */
  public void restart() throws IOException, InterruptedException {
    if (isRunning()) throw new IllegalStateException("influxd is still running");
    startProcess();
  }

  /** Runs InfluxQL as the administrator (or anonymously with auth off) and fails on any error. */
  public void execute(String statement) throws IOException, InterruptedException {
    String body = post("/query", "q=" + enc(statement), auth);
    if (body.contains("\"error\""))
      throw new IOException("InfluxQL failed: " + statement + " -> " + body);
  }

  /**
   * An influxdb-java client for reading back (MessagePack, so integers stay exact 64-bit values).
   */
  public InfluxDB client() {
    OkHttpClient.Builder http = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS);
    // With auth off the server ignores the credentials.
    return InfluxDBFactory.connect(url(), ADMIN, ADMIN_PASSWORD, http, ResponseFormat.MSGPACK);
  }

  /**
   * The rows of a query's first result, one list per series (series name, tags, columns, values).
   */
  public static List<QueryResult.Series> series(InfluxDB client, String database, String query) {
    QueryResult r = client.query(new Query(query, database), TimeUnit.MILLISECONDS);
    if (r.hasError()) throw new IllegalStateException(query + " -> " + r.getError());
    QueryResult.Result first = r.getResults().get(0);
    if (first.hasError()) throw new IllegalStateException(query + " -> " + first.getError());
    return first.getSeries() == null ? List.of() : first.getSeries();
  }

  public Path logFile() {
    return dir.resolve("influxd.log");
  }

  @Override
  public void close() {
    killAndDelete();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and runs the hook itself
    }
  }

  private synchronized void killAndDelete() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: the folder is under target/
    }
  }

  private void writeConfig() throws IOException {
    String conf =
        String.join(
            "\n",
            "reporting-enabled = false",
            "bind-address = \"127.0.0.1:" + rpcPort + "\"",
            "[meta]",
            "  dir = \"" + dir.resolve("meta") + "\"",
            "[data]",
            "  dir = \"" + dir.resolve("data") + "\"",
            "  wal-dir = \"" + dir.resolve("wal") + "\"",
            "  index-version = \"tsi1\"",
            "  query-log-enabled = false",
            "[http]",
            "  bind-address = \"127.0.0.1:" + httpPort + "\"",
            "  auth-enabled = " + auth,
            "  log-enabled = false",
            "[monitor]",
            "  store-enabled = false",
            "[continuous_queries]",
            "  enabled = false",
            "[logging]",
            "  level = \"warn\"",
            "");
    Files.writeString(dir.resolve("influxd.conf"), conf);
  }

  private void startProcess() throws IOException, InterruptedException {
    String influxd = System.getProperty("ioc.influxd", "influxd");
    ProcessBuilder pb =
        new ProcessBuilder(
                influxd,
                "-config",
                dir.resolve("influxd.conf").toString(),
                "-pidfile",
                dir.resolve("influxd.pid").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new IOException(
          "cannot run "
              + influxd
              + ": install it with `apt-get install -y influxdb influxdb-client` "
              + "(deploy/ioc services up does) or set -Dioc.influxd=/path/to/influxd",
          e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      if (!process.isAlive())
        throw new IOException(
            "influxd exited with " + process.exitValue() + ": " + Files.readString(logFile()));
      if (ping() == 204) return;
      if (System.nanoTime() > deadline)
        throw new IOException(
            "influxd did not answer /ping within 30 s: " + Files.readString(logFile()));
      Thread.sleep(50);
    }
  }

  private int ping() {
    try {
      HttpURLConnection c =
          (HttpURLConnection) URI.create(url() + "/ping").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(2000);
      int status = c.getResponseCode();
      c.disconnect();
      return status;
    } catch (IOException e) {
      return -1;
    }
  }

  private String post(String path, String form, boolean asAdmin) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url() + path).toURL().openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
    if (asAdmin) {
      String basic =
          java.util.Base64.getEncoder()
              .encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
      c.setRequestProperty("Authorization", "Basic " + basic);
    }
    c.getOutputStream().write(form.getBytes(StandardCharsets.UTF_8));
    int status = c.getResponseCode();
    try (var in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (status >= 400) throw new IOException("HTTP " + status + " on " + path + ": " + body);
      return body;
    }
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
