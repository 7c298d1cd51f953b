package vn.ioc.simulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import vn.ioc.simulator.Emission.Kind;

/**
 * A run's messages in a JSON-lines file ({@code --out FILE}, {@code -} for stdout), one message a
 * line in the order sent. A file holds one topic's messages, so clock ticks are left out.
 */
final class FileOutput implements Output {
  private final Writer w;

  private FileOutput(Writer w) {
    this.w = w;
  }

  /** {@code file}, created or replaced, or stdout for {@code -}. */
  static FileOutput open(String file) throws IOException {
    return new FileOutput(
        file.equals("-")
            ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
            : Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8));
  }

  @Override
  public void send(Emission e) throws IOException {
    if (e.kind() == Kind.TICK) return; // a file holds one topic's messages: no ticks
    w.write(e.line());
    w.write('\n');
  }

  @Override
  public void flush() throws IOException {
    w.flush();
  }

  @Override
  public void close() throws IOException {
    w.close();
  }
}
