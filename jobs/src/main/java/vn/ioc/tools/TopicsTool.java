package vn.ioc.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import vn.ioc.cli.ToolArgs;
import vn.ioc.config.IocConfig;
import vn.ioc.tools.IocTopics.TopicSpec;

/**
 * Creates the engine's topics ({@link IocTopics}) idempotently: missing topics are created with
 * their partitions and configs; existing ones get their configs set to the table's values (so
 * retention is explicit even for a topic someone created by hand). Partition counts of existing
 * topics are never changed (that would move keys between partitions): a difference is reported.
 *
 * <pre>
 * topics [--wait[=SECONDS]] [--replication-factor N] [--list]
 * </pre>
 *
 * {@code --wait} retries until the broker answers (default 60 s) before creating: the readiness
 * check of {@code deploy/ioc services up}. The replication factor defaults to 1, or {@code
 * IOC_TOPICS_REPLICATION_FACTOR}. {@code --list} only prints the topics as they are.
 */
public final class TopicsTool {
  private TopicsTool() {}

  static final int DEFAULT_WAIT_SECONDS = 60;

  public static void main(String[] args) throws Exception {
    // a mistake is said in one line by the launcher (Main)
    ToolArgs a = ToolArgs.parse(args, Set.of("replication-factor"), Set.of("wait", "list"));
    IocConfig config = IocConfig.load(System.getenv(), a.configFlags());
    String envRf = System.getenv("IOC_TOPICS_REPLICATION_FACTOR");
    short rf =
        (short)
            a.getInt(
                "replication-factor",
                envRf == null || envRf.isBlank() ? 1 : Integer.parseInt(envRf.trim()));
    int exit;
    try (Admin admin = Admin.create(adminProperties(config))) {
      if (a.has("wait")) {
        int seconds = a.getInt("wait", DEFAULT_WAIT_SECONDS);
        if (!waitForBroker(admin, Duration.ofSeconds(seconds))) {
          System.err.println(
              "topics: Kafka at "
                  + config.get(IocConfig.KAFKA_BOOTSTRAP)
                  + " did not answer within "
                  + seconds
                  + " s");
          System.exit(1);
        }
      }
      exit = a.has("list") ? list(admin) : ensure(admin, rf);
    }
    System.exit(exit);
  }

  static Properties adminProperties(IocConfig config) {
    Properties p = config.kafkaClientProperties();
    p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
    p.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "ioc-topics");
    return p;
  }

  /** Retries a cheap admin call until it succeeds or the time is up. */
  static boolean waitForBroker(Admin admin, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
        // The controller may answer before topic creation is possible; listing proves the broker
        // serves metadata.
        admin.listTopics().names().get(5, TimeUnit.SECONDS);
        return true;
      } catch (ExecutionException | TimeoutException e) {
        if (System.nanoTime() > deadline) return false;
        Thread.sleep(500);
      }
    }
  }

  static int ensure(Admin admin, short replicationFactor) throws Exception {
    Set<String> existing = admin.listTopics().names().get();
    List<NewTopic> toCreate = new ArrayList<>();
    List<TopicSpec> present = new ArrayList<>();
    for (TopicSpec t : IocTopics.ALL) {
      if (existing.contains(t.name())) {
        present.add(t);
      } else {
        toCreate.add(
            new NewTopic(t.name(), t.partitions(), replicationFactor).configs(t.configs()));
      }
    }
    int problems = 0;
    if (!toCreate.isEmpty()) {
      var results = admin.createTopics(toCreate).values();
      for (NewTopic n : toCreate) {
        try {
          results.get(n.name()).get();
          System.out.println(
              "created "
                  + describe(IocTopics.find(n.name()).orElseThrow())
                  + ", replication "
                  + replicationFactor);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof TopicExistsException) {
            present.add(
                IocTopics.find(n.name()).orElseThrow()); // created meanwhile by someone else
          } else {
            System.err.println(
                "topics: cannot create " + n.name() + ": " + e.getCause().getMessage());
            problems++;
          }
        }
      }
    }
    if (!present.isEmpty()) problems += reconcile(admin, present);
    return problems == 0 ? 0 : 1;
  }

  /**
   * Existing topics: set configs that differ from the table; report partition counts that differ.
   */
  private static int reconcile(Admin admin, List<TopicSpec> present) throws Exception {
    Map<String, TopicDescription> descriptions =
        admin.describeTopics(present.stream().map(TopicSpec::name).toList()).allTopicNames().get();
    List<ConfigResource> resources =
        present.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
    Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
    Map<ConfigResource, Collection<AlterConfigOp>> changes =
        new TreeMap<>((x, y) -> x.name().compareTo(y.name()));
    int problems = 0;
    for (TopicSpec t : present) {
      int partitions = descriptions.get(t.name()).partitions().size();
      ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, t.name());
      List<String> diffs = new ArrayList<>();
      List<AlterConfigOp> ops = new ArrayList<>();
      for (Map.Entry<String, String> want : new TreeMap<>(t.configs()).entrySet()) {
        ConfigEntry have = configs.get(r).get(want.getKey());
        String haveValue = have == null ? null : have.value();
        if (!want.getValue().equals(haveValue)) {
          diffs.add(want.getKey() + " " + haveValue + " -> " + want.getValue());
          ops.add(
              new AlterConfigOp(
                  new ConfigEntry(want.getKey(), want.getValue()), AlterConfigOp.OpType.SET));
        }
      }
      if (!ops.isEmpty()) changes.put(r, ops);
      String line =
          "exists  "
              + describe(t)
              + (diffs.isEmpty() ? "" : "; setting " + String.join(", ", diffs));
      if (partitions != t.partitions()) {
        line += "; WARNING: has " + partitions + " partitions (left as is)";
      }
      System.out.println(line);
    }
    if (!changes.isEmpty()) {
      try {
        admin.incrementalAlterConfigs(changes).all().get();
      } catch (ExecutionException e) {
        System.err.println("topics: cannot update configs: " + e.getCause().getMessage());
        problems++;
      }
    }
    return problems;
  }

  private static int list(Admin admin) throws Exception {
    Set<String> existing = admin.listTopics().names().get();
    for (TopicSpec t : IocTopics.ALL) {
      if (!existing.contains(t.name())) {
        System.out.println("missing " + t.name());
        continue;
      }
      TopicDescription d =
          admin.describeTopics(List.of(t.name())).allTopicNames().get().get(t.name());
      Config c =
          admin
              .describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, t.name())))
              .all()
              .get()
              .values()
              .iterator()
              .next();
      StringBuilder b =
          new StringBuilder(String.format("%-20s %d partitions", t.name(), d.partitions().size()));
      for (String key : new TreeMap<>(t.configs()).keySet()) {
        ConfigEntry e = c.get(key);
        b.append(", ").append(key).append('=').append(e == null ? "?" : e.value());
      }
      System.out.println(b);
    }
    return 0;
  }

  /** "ioc.submissions (3 partitions, retention 400d)". */
  static String describe(TopicSpec t) {
    String rule;
    if ("compact".equals(t.configs().get("cleanup.policy"))) {
      rule = "compacted";
    } else {
      long ms = Long.parseLong(t.configs().get("retention.ms"));
      rule = "retention " + (ms % 86_400_000L == 0 ? ms / 86_400_000L + "d" : ms + "ms");
    }
    String plural = t.partitions() == 1 ? " partition, " : " partitions, ";
    return t.name() + " (" + t.partitions() + plural + rule + ")";
  }
}
