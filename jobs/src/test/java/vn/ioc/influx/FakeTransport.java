package vn.ioc.influx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A scripted InfluxDB for unit tests: records every request and answers with the given functions.
 * By default writes succeed (204) and queries return an empty result.
 */
final class FakeTransport implements InfluxTransport {
  interface Answer {
    Response answer(String body) throws IOException, InterruptedException;
  }

  /** Every request in order, as "write:" or "query:" followed by the body. */
  final List<String> requests = new ArrayList<>();

  Answer onWrite = body -> new Response(204, "");
  Answer onQuery = body -> new Response(200, "{\"results\":[{\"statement_id\":0}]}");
  boolean closed;

  @Override
  public Response write(String lines) throws IOException, InterruptedException {
    requests.add("write:" + lines);
    return onWrite.answer(lines);
  }

  @Override
  public Response query(String statements) throws IOException, InterruptedException {
    requests.add("query:" + statements);
    return onQuery.answer(statements);
  }

  @Override
  public String describe() {
    return "fake";
  }

  @Override
  public void close() {
    closed = true;
  }

  List<String> writes() {
    return requests.stream().filter(r -> r.startsWith("write:")).map(r -> r.substring(6)).toList();
  }
}
