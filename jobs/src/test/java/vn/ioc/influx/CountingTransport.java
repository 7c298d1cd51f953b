package vn.ioc.influx;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the requests a real transport makes. */
final class CountingTransport implements InfluxTransport {
  private final InfluxTransport delegate;
  final AtomicInteger writes = new AtomicInteger();
  final AtomicInteger queries = new AtomicInteger();

  CountingTransport(InfluxTransport delegate) {
    this.delegate = delegate;
  }

  @Override
  public Response write(String lines) throws IOException, InterruptedException {
    writes.incrementAndGet();
    return delegate.write(lines);
  }

  @Override
  public Response query(String statements) throws IOException, InterruptedException {
    queries.incrementAndGet();
    return delegate.query(statements);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
