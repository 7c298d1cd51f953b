package vn.ioc.notifier;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ioc.config.IocConfig;
import vn.ioc.influx.Backoff;
import vn.ioc.influx.InfluxSink;
import vn.ioc.kafka.KafkaTopics;
import vn.ioc.kafka.TopicFollower;
import vn.ioc.reference.Directory;
import vn.ioc.reference.Names;
import vn.ioc.reference.ReferenceData;
import vn.ioc.sinks.Sinks;

/**
 * {@code deploy/ioc run notifier}: a plain Java service (not a Flink job) that delivers the outbox
 * {@code ioc.notifications} by webhook and e-mail and serves the acknowledgement links.
 *
 * <p>Reads with consumer group {@code <kafka.group-prefix>-notifier}, committed transactional
 * writes only, and commits a message's offset only once it is finished (delivered on every channel,
 * or recorded as failed and dead-lettered): a crash delivers the last message again rather than
 * lose it; the other side drops the copy by its idempotency key or Message-ID. One message at a
 * time, in order: retrying one holds back the next ({@link Delivery}), and {@code
 * max.poll.interval.ms} is raised above the longest a message can take so the group does not evict
 * the notifier while it waits.
 *
 * <p>The ack pages ({@link AckServer}) follow {@code ioc.alerts} and read {@code ioc.alert-acks}
 * back, each on a thread of its own, from the oldest time a valid link can have been sent on (now
 * minus {@code notifier.ack-link-ttl}, by the records' timestamps): a page says what the alert is
 * and who acknowledged it, and a second confirmation of an episode publishes nothing, across
 * restarts too.
 *
 * <p>SIGTERM: the message being delivered is finished and committed, then the service closes. A
 * message waiting between retries is left uncommitted instead (it is delivered again at the next
 * start), so a stop never waits out a long backoff.
 */
public final class NotifierService implements AutoCloseable {
  public static final String NAME = "notifier";
  private static final Logger LOG = LoggerFactory.getLogger(NotifierService.class);
  private static final Duration POLL = Duration.ofSeconds(1);

  /** How many alert episodes, and acks, the ack pages remember at most (the oldest go first). */
  static final int REMEMBERED = 20_000;

  private final NotifierSettings settings;
  private final IocConfig config;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final NotifierCounters counters = new NotifierCounters();

  NotifierService(NotifierSettings settings, IocConfig config) {
    this.settings = settings;
    this.config = config;
  }

  /** {@code notifier [--key=value ...]} (the launcher's flags, e.g. {@code --reference-dir}). */
  public static void main(String[] args) throws Exception {
    IocConfig config;
    NotifierSettings settings;
    try {
      vn.ioc.cli.ToolArgs a =
          vn.ioc.cli.ToolArgs.parse(
              java.util.Arrays.copyOfRange(args, Math.min(1, args.length), args.length),
              java.util.Set.of(),
              java.util.Set.of());
      if (!a.positional.isEmpty())
        throw new IllegalArgumentException(
            "the notifier is a service and takes settings only (--key=value), not "
                + a.positional.get(0));
      config = IocConfig.load(System.getenv(), a.configFlags());
      settings = NotifierSettings.from(config);
    } catch (IllegalArgumentException e) {
      System.err.println("notifier: " + e.getMessage());
      System.exit(2);
      return;
    }
    NotifierService service = new NotifierService(settings, config);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.requestStop();
                  boolean done = service.awaitStopped(Duration.ofSeconds(60));
                  // log4j stops in its own shutdown hook, maybe first: say it on stderr
                  System.err.println(
                      (done ? "notifier stopped; totals " : "notifier still stopping; totals ")
                          + service.counters.snapshot());
                },
                "notifier-stop"));
    service.run();
  }

  /** Asks the loop to stop after the current message; safe from any thread. */
  public void requestStop() {
    stop.countDown();
  }

  boolean awaitStopped(Duration d) {
    try {
      return stopped.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs until {@link #requestStop()}; every resource is closed on the way out. */
  // the counters' log line cannot throw (it formats numbers it holds)
  @SuppressWarnings("FutureReturnValueIgnored")
  public void run() throws Exception {
    Directory directory = Directory.load(settings.referenceDir());
    if (directory.people().isEmpty())
      LOG.warn(
          "no people in {}: every notification will be dead-lettered", settings.referenceDir());
    LOG.info("notifier starting: {}, {} people", settings, directory.people().size());
    Clock clock = Clock.system(settings.zone());
    AckLinks links =
        new AckLinks(settings.ackSecret().getBytes(StandardCharsets.UTF_8), settings.publicUrl());
    List<Channel> channels = channels(settings, clock);
    if (channels.isEmpty())
      LOG.warn("neither notifier.webhook-url nor notifier.smtp-host is set: nothing is delivered");
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "notifier-counters"));
    timer.scheduleAtFixedRate(counters::log, 1, 1, TimeUnit.MINUTES);
    // what the ack pages know: the alerts' latest events and the acks given, read back from the
    // oldest time a valid link can have been sent on
    long linksFrom = clock.millis() - settings.ackLinkTtl().toMillis();
    AlertEpisodes episodes = new AlertEpisodes(settings.ackLinkTtl(), REMEMBERED);
    AckRegister register = new AckRegister(settings.ackLinkTtl(), REMEMBERED);
    AckPage pages =
        new AckPage(
            directory, names(settings.referenceDir()), settings.province(), settings.zone());
    try (KafkaPublisher publisher =
            new KafkaPublisher(
                config.kafkaClientProperties(),
                settings.acksTopic(),
                settings.deadLetterTopic(),
                settings.zone());
        EngineNowSource now = EngineNowSource.of(config, clock);
        InfluxDeliveryRecords records =
            new InfluxDeliveryRecords(
                InfluxSink.pointWriter(Sinks.influxSettings(config)), counters, now.get());
        TopicFollower alerts =
            new TopicFollower(
                    KafkaTopics.reader(config, "ioc-notifier-alerts"),
                    settings.alertsTopic(),
                    TopicFollower.stampedFrom(linksFrom),
                    r -> episodes.offer(r.value(), r.timestamp()),
                    "ack-pages-alerts",
                    "the ack pages show only what their links say",
                    () -> {})
                .start();
        TopicFollower acksGiven =
            new TopicFollower(
                    KafkaTopics.reader(config, "ioc-notifier-acks"),
                    settings.acksTopic(),
                    TopicFollower.stampedFrom(linksFrom),
                    r -> register.offer(r.value(), r.timestamp()),
                    "ack-pages-acks",
                    "no acknowledgement is taken until it can",
                    register::markReady)
                .start();
        AckServer server =
            new AckServer(
                    settings.listen(),
                    links,
                    new Acknowledgements(
                        publisher,
                        register,
                        episodes,
                        now.get(),
                        clock,
                        Acknowledgements.READY_WAIT),
                    pages,
                    clock,
                    counters)
                .start();
        KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      LOG.info("ack server listening on port {}", server.port());
      NotificationHandler handler =
          new NotificationHandler(
              directory,
              channels,
              new Delivery(
                  settings.maxAttempts(),
                  new Backoff(settings.backoffInitial(), settings.backoffMax(), () -> 1.0),
                  millis -> !stop.await(millis, TimeUnit.MILLISECONDS)),
              links,
              settings.ackLinkTtl(),
              publisher,
              records,
              counters);
      consume(consumer, handler);
    } finally {
      timer.shutdownNow();
      counters.log();
      LOG.info("notifier stopped");
      stopped.countDown();
    }
  }

  /** The reference data's names by date; none without it. */
  private static Names names(java.nio.file.Path referenceDir) throws java.io.IOException {
    return java.nio.file.Files.isDirectory(referenceDir)
        ? Names.of(ReferenceData.load(referenceDir))
        : Names.NONE;
  }

  private void consume(KafkaConsumer<byte[], byte[]> consumer, NotificationHandler handler)
      throws Exception {
    consumer.subscribe(List.of(settings.notificationsTopic()));
    while (stop.getCount() > 0) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
        try {
          handler.handle(r);
        } catch (Delivery.Abandoned e) {
          return; // stopping between retries: this message is delivered again at the next start
        }
        consumer.commitSync(
            Map.of(
                new TopicPartition(r.topic(), r.partition()),
                new OffsetAndMetadata(r.offset() + 1)));
        if (stop.getCount() == 0) return;
      }
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties p = new Properties();
    p.putAll(config.kafkaClientProperties());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumerGroup());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // one message per poll, so the time between polls is at most one message's worst case
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
    Duration attempt = WebhookChannel.REQUEST_TIMEOUT.plus(WebhookChannel.CONNECT_TIMEOUT);
    if (settings.smtp() != null && settings.smtp().attemptBound().compareTo(attempt) > 0)
      attempt = settings.smtp().attemptBound();
    long worst = settings.worstCase(attempt).toMillis() + 60_000;
    p.put(
        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
        Long.toString(Math.min(Integer.MAX_VALUE, worst)));
    p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ioc-notifier");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  static List<Channel> channels(NotifierSettings s, Clock clock) {
    List<Channel> channels = new ArrayList<>();
    if (s.webhookUrl() != null)
      channels.add(
          new WebhookChannel(
              s.webhookUrl(), s.webhookSecret().getBytes(StandardCharsets.UTF_8), s.zone()));
    if (s.smtp() != null) channels.add(new EmailChannel(s.smtp(), clock, s.zone()));
    return channels;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    requestStop();
  }
}
