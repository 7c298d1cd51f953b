package vn.ioc.influx;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The 1.x HTTP API over the JDK's HTTP client.
 *
 * <p>Not influxdb-java: its synchronous calls turn every non-2xx answer into an exception chosen
 * from the <em>text</em> of the error and drop the status code, and the sink's decisions (retry a
 * 5xx, split a 400, stop on 401/403) need the code. Credentials go in an {@code Authorization:
 * Basic} header, never in the URL (which proxies and the server's own request log may record).
 */
final class HttpInfluxTransport implements InfluxTransport {
  private final HttpClient client;
  private final URI writeUri;
  private final URI queryUri;
  private final String database;
  private final String authorization;
  private final InfluxSinkSettings settings;

  HttpInfluxTransport(InfluxSinkSettings settings) {
    this.settings = settings;
    String base = settings.url().endsWith("/") ? settings.url().substring(0, settings.url().length() - 1) : settings.url();
    StringBuilder write = new StringBuilder(base).append("/write?db=").append(enc(settings.database()));
    if (settings.retentionPolicy() != null) write.append("&rp=").append(enc(settings.retentionPolicy()));
    write.append("&precision=ms");
    this.writeUri = URI.create(write.toString());
    this.queryUri = URI.create(base + "/query");
    this.database = settings.database();
    this.authorization = settings.user() == null && settings.password() == null
        ? null
        : "Basic " + Base64.getEncoder().encodeToString(
            (nullToEmpty(settings.user()) + ":" + nullToEmpty(settings.password())).getBytes(StandardCharsets.UTF_8));
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public Response write(String lines) throws IOException, InterruptedException {
    HttpRequest.Builder r = HttpRequest.newBuilder(writeUri)
        .timeout(settings.requestTimeout())
        .header("Content-Type", "text/plain; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(lines, StandardCharsets.UTF_8));
    return send(r);
  }

  @Override
  public Response query(String statements) throws IOException, InterruptedException {
    String form = "db=" + enc(database) + "&q=" + enc(statements);
    HttpRequest.Builder r = HttpRequest.newBuilder(queryUri)
        .timeout(settings.requestTimeout())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
    return send(r);
  }

  private Response send(HttpRequest.Builder r) throws IOException, InterruptedException {
    if (authorization != null) r.header("Authorization", authorization);
    HttpResponse<String> response = client.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Response(response.statusCode(), response.body());
  }

  @Override
  public String describe() {
    return settings.url() + " database " + database;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
