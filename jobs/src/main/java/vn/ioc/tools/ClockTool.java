package vn.ioc.tools;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import vn.ioc.cli.ToolArgs;
import vn.ioc.clock.ClockDecoder;
import vn.ioc.config.IocConfig;

/**
 * {@code clock [--every 1m] [--source launcher]}: the engine's clock for live runs on real time. At
 * every whole interval of wall-clock time it sends a tick to {@code ioc.clock} ({@code
 * schemas/clock.schema.json}), so the progress job's "now" moves while nobody reports: a deadline
 * passes, an owner goes stale. Run it beside the live jobs (one per deployment); the ticks are
 * recorded in the topic, so a replay sees them. The demo ticks on its simulated clock instead.
 */
public final class ClockTool {
  private ClockTool() {}

  public static void main(String[] args) throws Exception {
    ToolArgs a = ToolArgs.parse(args, Set.of("every", "source"), Set.of());
    IocConfig config = IocConfig.load(System.getenv(), a.configFlags());
    Duration every = IocConfig.parseDuration(a.get("every", "1m"));
    if (every.toMillis() < 1000)
      throw new IllegalArgumentException(
          "--every is at least 1s (the clock ticks every minute: 1m)");
    String source = a.get("source", "launcher");
    String topic = config.get(IocConfig.TOPIC_CLOCK);
    ZoneId zone = config.get(IocConfig.TIMEZONE);
    String missing = ProduceTool.checkTopic(config, topic);
    if (missing != null) {
      System.err.println("clock: " + missing);
      System.exit(2);
    }
    AtomicBoolean stop = new AtomicBoolean();
    Thread main = Thread.currentThread();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.set(true);
                  main.interrupt();
                }));
    long step = every.toMillis();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(ProduceTool.producerProperties(config))) {
      System.err.println("clock: a tick to " + topic + " every " + every + " (Ctrl-C stops)");
      // every whole interval, none skipped: a late wake-up sends the missed ticks at once
      long next = Math.floorDiv(System.currentTimeMillis(), step) * step + step;
      for (; !stop.get(); next += step) {
        long wait = next - System.currentTimeMillis();
        try {
          if (wait > 0) Thread.sleep(wait);
        } catch (InterruptedException e) {
          break;
        }
        producer
            .send(
                new ProducerRecord<>(
                    topic,
                    source.getBytes(StandardCharsets.UTF_8),
                    ClockDecoder.encode(next, source, zone).getBytes(StandardCharsets.UTF_8)))
            .get(); // a tick Kafka refused ends the clock with its reason
      }
    }
  }
}
