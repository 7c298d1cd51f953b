package vn.ioc.influx;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how {@link InfluxSink} writes. Immutable and serializable (it travels inside the sink
 * to the task managers); {@link #toString()} never shows the password.
 *
 * <pre>{@code
 * InfluxSinkSettings s = InfluxSinkSettings.builder("http://127.0.0.1:8086", "ioc")
 *     .credentials(user, password)   // optional: leave out when auth is off
 *     .retentionPolicy(null)         // null: the database's default policy
 *     .batchSize(5000)
 *     .build();
 * }</pre>
 */
public final class InfluxSinkSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final int DEFAULT_BATCH_SIZE = 5000;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_MAX_BATCH_DELAY = Duration.ofSeconds(1);

  private final String url;
  private final String database;
  private final String user;
  private final String password;
  private final String retentionPolicy;
  private final int batchSize;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Duration maxBatchDelay;

  private InfluxSinkSettings(Builder b) {
    this.url = b.url;
    this.database = b.database;
    this.user = b.user;
    this.password = b.password;
    this.retentionPolicy = b.retentionPolicy;
    this.batchSize = b.batchSize;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.maxBatchDelay = b.maxBatchDelay;
  }

  /** A partial batch is written at the latest this long after its first point. */
  public Duration maxBatchDelay() {
    return maxBatchDelay;
  }

  /**
   * {@code url}: the server's base URL, e.g. {@code http://127.0.0.1:8086}; {@code database}: e.g.
   * {@code ioc}.
   */
  public static Builder builder(String url, String database) {
    return new Builder(url, database);
  }

  public String url() {
    return url;
  }

  public String database() {
    return database;
  }

  /** Null when auth is off. */
  public String user() {
    return user;
  }

  /** Null when auth is off. Never logged. */
  public String password() {
    return password;
  }

  /** Null: the database's default retention policy. */
  public String retentionPolicy() {
    return retentionPolicy;
  }

  /** Points per write request; a full buffer is written at once (back-pressure). */
  public int batchSize() {
    return batchSize;
  }

  public Duration initialBackoff() {
    return initialBackoff;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** How long one HTTP request may take before it counts as failed (and is retried). */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  public Builder toBuilder() {
    Builder b = new Builder(url, database);
    b.user = user;
    b.password = password;
    b.retentionPolicy = retentionPolicy;
    b.batchSize = batchSize;
    b.initialBackoff = initialBackoff;
    b.maxBackoff = maxBackoff;
    b.connectTimeout = connectTimeout;
    b.requestTimeout = requestTimeout;
    b.maxBatchDelay = maxBatchDelay;
    return b;
  }

  @Override
  public String toString() {
    return "InfluxSinkSettings{url="
        + url
        + ", database="
        + database
        + ", user="
        + user
        + ", password="
        + (password == null ? "none" : "******")
        + ", retentionPolicy="
        + retentionPolicy
        + ", batchSize="
        + batchSize
        + ", backoff="
        + initialBackoff
        + ".."
        + maxBackoff
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", maxBatchDelay="
        + maxBatchDelay
        + "}";
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof InfluxSinkSettings s)) return false;
    return batchSize == s.batchSize
        && url.equals(s.url)
        && database.equals(s.database)
        && Objects.equals(user, s.user)
        && Objects.equals(password, s.password)
        && Objects.equals(retentionPolicy, s.retentionPolicy)
        && initialBackoff.equals(s.initialBackoff)
        && maxBackoff.equals(s.maxBackoff)
        && connectTimeout.equals(s.connectTimeout)
        && requestTimeout.equals(s.requestTimeout)
        && maxBatchDelay.equals(s.maxBatchDelay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, database, user, retentionPolicy, batchSize);
  }

  /** Builds {@link InfluxSinkSettings}; {@link #build()} checks every value. */
  public static final class Builder {
    private final String url;
    private final String database;
    private String user;
    private String password;
    private String retentionPolicy;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration maxBatchDelay = DEFAULT_MAX_BATCH_DELAY;

    private Builder(String url, String database) {
      this.url = url;
      this.database = database;
    }

    /**
     * User and password for HTTP basic auth; null or blank values mean "auth off". For InfluxDB
     * 2.x/3.x give any user name and the API token as the password.
     */
    public Builder credentials(String user, String password) {
      this.user = blankToNull(user);
      this.password = blankToNull(password);
      return this;
    }

    public Builder retentionPolicy(String retentionPolicy) {
      this.retentionPolicy = blankToNull(retentionPolicy);
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Retry delays double from {@code initial} up to {@code max}, with jitter. */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    public Builder maxBatchDelay(Duration maxBatchDelay) {
      this.maxBatchDelay = maxBatchDelay;
      return this;
    }

    public InfluxSinkSettings build() {
      if (url == null || url.isBlank())
        throw new IllegalArgumentException("InfluxDB url is missing");
      URI u;
      try {
        u = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "InfluxDB url is not a URL (value not shown: it may hold credentials)");
      }
      if ((!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()))
          || u.getHost() == null) {
        throw new IllegalArgumentException(
            "InfluxDB url must be http(s)://host[:port][/path]: " + url);
      }
      if (u.getRawQuery() != null || u.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            "InfluxDB url must not carry a query or credentials (use credentials()): "
                + u.getHost());
      }
      if (database == null || database.isBlank())
        throw new IllegalArgumentException("InfluxDB database is missing");
      if (batchSize < 1)
        throw new IllegalArgumentException("batch size must be at least 1: " + batchSize);
      positive("initial backoff", initialBackoff);
      positive("max backoff", maxBackoff);
      positive("connect timeout", connectTimeout);
      positive("request timeout", requestTimeout);
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException(
            "max backoff " + maxBackoff + " is below the initial backoff " + initialBackoff);
      }
      if (password != null && user == null) {
        throw new IllegalArgumentException(
            "InfluxDB password given without a user (for a 2.x/3.x token, give any user name)");
      }
      return new InfluxSinkSettings(this);
    }

    private static void positive(String what, Duration d) {
      if (d == null || d.isZero() || d.isNegative())
        throw new IllegalArgumentException(what + " must be positive: " + d);
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s;
    }
  }
}
