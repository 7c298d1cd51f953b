package vn.ioc.runtime;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import vn.ioc.cli.UserError;
import vn.ioc.config.IocConfig;

/**
 * What a run checks before it starts or changes anything (no checkpoint removed, no job started):
 * Kafka and InfluxDB answer within seconds, and the topics the job reads and writes exist. Each
 * failure is one line naming the command that fixes it ({@link UserError#SERVICES}).
 */
public final class Preflight {
  private Preflight() {}

  static final int CONNECT_TIMEOUT_MS = 3000;

  /** Kafka answers and holds {@code topics}; InfluxDB answers. */
  public static void check(IocConfig config, String... topics) {
    kafka(config, topics);
    influx(config);
  }

  static void kafka(IocConfig config, String... topics) {
    String bootstrap = config.get(IocConfig.KAFKA_BOOTSTRAP);
    if (!anyAnswers(bootstrap))
      throw new UserError(
          UserError.SERVICES,
          "Kafka does not answer at "
              + bootstrap
              + ": start the services with 'deploy/ioc services up' (or set kafka.bootstrap)");
    var props = config.kafkaClientProperties();
    props.put("request.timeout.ms", "10000");
    props.put("default.api.timeout.ms", "15000");
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
      List<String> missing = Arrays.stream(topics).filter(t -> !existing.contains(t)).toList();
      if (!missing.isEmpty())
        throw new UserError(
            UserError.SERVICES,
            "missing Kafka topics "
                + missing
                + " on "
                + bootstrap
                + ": create them with 'deploy/ioc topics', or point the job at existing ones");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError(UserError.SERVICES, "interrupted while asking Kafka for its topics");
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new UserError(
          UserError.SERVICES,
          "Kafka at "
              + bootstrap
              + " accepts connections but does not answer ("
              + e.getClass().getSimpleName()
              + "): check it with 'deploy/ioc services status'");
    }
  }

  static void influx(IocConfig config) {
    String url = config.get(IocConfig.INFLUX_URL);
    try {
      HttpURLConnection c =
          (HttpURLConnection)
              URI.create(url.replaceAll("/+$", "") + "/ping").toURL().openConnection();
      c.setConnectTimeout(CONNECT_TIMEOUT_MS);
      c.setReadTimeout(CONNECT_TIMEOUT_MS);
      int status = c.getResponseCode();
      c.disconnect();
      if (status / 100 == 2) return;
      throw new IOException("HTTP " + status);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError(
          UserError.SERVICES,
          "InfluxDB does not answer at "
              + url
              + " ("
              + e.getMessage()
              + "): start the services with 'deploy/ioc services up' (or set influx.url)");
    }
  }

  /** Whether any of the bootstrap servers accepts a TCP connection. */
  static boolean anyAnswers(String bootstrap) {
    for (String server : bootstrap.split(",", -1)) {
      String s = server.trim();
      int colon = s.lastIndexOf(':');
      if (colon < 0) continue;
      try (Socket socket = new Socket()) {
        socket.connect(
            new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1))),
            CONNECT_TIMEOUT_MS);
        return true;
      } catch (IOException | NumberFormatException e) {
        // the next one
      }
    }
    return false;
  }
}
