package vn.ioc.influx;

import java.io.IOException;

/** The two calls the sink makes on InfluxDB's 1.x HTTP API; a fake one drives the unit tests. */
interface InfluxTransport extends AutoCloseable {

  /** POSTs line protocol to {@code /write}. Throws IOException when no HTTP answer came back. */
  Response write(String lines) throws IOException, InterruptedException;

  /** POSTs one or more InfluxQL statements to {@code /query}. */
  Response query(String statements) throws IOException, InterruptedException;

  /** Where requests go, for messages (never with credentials). */
  String describe();

  @Override
  default void close() {}

  /** An HTTP answer: status code and body text. */
  record Response(int status, String body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }
}
