package vn.ioc.influx;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.InfluxDBIOException;
import org.influxdb.dto.Query;

/**
 * The 1.x HTTP API through influxdb-java, with every answer's status code and body kept.
 *
 * <p>influxdb-java's synchronous calls turn a non-2xx answer into an exception chosen from the
 * <em>text</em> of the error and drop the status code; the sink's decisions need the code (retry a
 * 5xx, split a 400, stop on 401/403). So an interceptor on the client's own OkHttp records the
 * status and body of each answer, and this transport reports those, whatever exception the client
 * threw. influxdb-java sends credentials in an {@code Authorization: Basic} header. OkHttp's own
 * retries are off: the sink's backoff decides.
 *
 * <p>One transport per sink writer; calls run on the writer's thread, one at a time.
 */
final class InfluxClientTransport implements InfluxTransport {
  private static final long MAX_BODY = 1 << 20;

  private final InfluxDB client;
  private final InfluxSinkSettings settings;
  private int lastStatus;
  private String lastBody;

  InfluxClientTransport(InfluxSinkSettings settings) {
    this.settings = settings;
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .writeTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .addInterceptor(
                chain -> {
                  okhttp3.Response response = chain.proceed(chain.request());
                  lastStatus = response.code();
                  lastBody = response.peekBody(MAX_BODY).string();
                  return response;
                });
    this.client =
        settings.user() == null && settings.password() == null
            ? InfluxDBFactory.connect(settings.url(), http)
            : InfluxDBFactory.connect(
                settings.url(),
                nullToEmpty(settings.user()),
                nullToEmpty(settings.password()),
                http);
  }

  @Override
  public Response write(String lines) throws IOException {
    return call(
        () ->
            client.write(
                settings.database(),
                settings.retentionPolicy(),
                InfluxDB.ConsistencyLevel.ONE,
                TimeUnit.MILLISECONDS,
                lines));
  }

  @Override
  public Response query(String statements) throws IOException {
    return call(() -> client.query(new Query(statements, settings.database(), true)));
  }

  private Response call(Runnable request) throws IOException {
    lastStatus = -1;
    lastBody = null;
    try {
      request.run();
    } catch (InfluxDBIOException e) {
      // no HTTP answer: connection refused, reset, timed out
      throw e.getCause() instanceof IOException io ? io : new IOException(e);
    } catch (InfluxDBException e) {
      if (lastStatus < 0) throw new IOException("no answer from InfluxDB: " + e.getMessage(), e);
    }
    if (lastStatus < 0) throw new IOException("no answer from InfluxDB");
    return new Response(lastStatus, lastBody == null ? "" : lastBody);
  }

  @Override
  public String describe() {
    return settings.url() + " database " + settings.database();
  }

  @Override
  public void close() {
    client.close();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
