package vn.ioc.influx;

import java.io.IOException;

/**
 * InfluxDB refuses the sink itself, not a point: wrong credentials (401), missing privileges (403),
 * a database that does not exist (404), or a server that does not support what the sink needs.
 * Retrying cannot help and dropping would lose data, so the job fails with this message.
 */
public class InfluxConfigurationException extends IOException {
  private static final long serialVersionUID = 1L;

  public InfluxConfigurationException(String message) {
    super(message);
  }
}
