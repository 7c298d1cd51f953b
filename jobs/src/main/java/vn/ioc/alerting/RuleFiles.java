package vn.ioc.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules folder: every {@code .json}, {@code .yaml}, {@code .yml} file, each rule as its own
 * JSON text by id (so a rule of a list file travels alone). A file that does not parse is skipped
 * with its line-precise reason in the log ({@code deploy/ioc rules check} finds it before).
 */
public final class RuleFiles {
  private static final Logger LOG = LoggerFactory.getLogger(RuleFiles.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private RuleFiles() {}

  /**
   * The versions the rules topic holds now (read to its end when the job is built), so they are in
   * force from the job's first update, whichever of its inputs Flink reads first: a replay judges
   * every update by the version in force at its time, as the live run did. Messages that do not
   * parse are left to the job, which dead-letters them.
   */
  public static Map<String, RuleVersions> published(
      vn.ioc.config.IocConfig config, Map<String, String> fileRules) {
    String topic = config.get(vn.ioc.config.IocConfig.TOPIC_ALERT_RULES);
    Map<String, RuleVersions> out = new LinkedHashMap<>();
    int read = 0;
    try (var consumer = vn.ioc.kafka.KafkaTopics.reader(config, "ioc-alert-rules")) {
      var partitions = vn.ioc.kafka.KafkaTopics.assignFromStart(consumer, topic);
      var end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
      while (!vn.ioc.kafka.KafkaTopics.reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline)
          throw new IllegalStateException("could not read " + topic + " to its end in 60 s");
        for (var r : consumer.poll(java.time.Duration.ofMillis(500))) {
          if (r.key() == null) continue;
          Control c = new ControlDeserializer().control(r);
          try {
            RuleVersions next =
                RuleEvaluation.next(out.get(c.ruleId), fileRules.containsKey(c.ruleId), c);
            if (next != null) out.put(c.ruleId, next);
            read++;
          } catch (RuleViolation v) {
            // the job refuses it again, with a dead letter
          }
        }
      }
    }
    LOG.info("{} rule versions of {} in force from the start", read, topic);
    return out;
  }

  public static Map<String, String> load(Path dir) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (dir == null || !Files.exists(dir)) return out;
    for (Path f : ruleFiles(dir)) {
      String text = Files.readString(f, StandardCharsets.UTF_8);
      try {
        RuleParser.parse(text);
      } catch (RuleViolation v) {
        LOG.warn("skipped: {}", v.describe(f.toString()));
        continue;
      }
      JsonNode root = new YAMLMapper().readTree(text);
      for (JsonNode rule : root.isArray() ? root : java.util.List.of(root))
        out.put(rule.get("id").asText(), JSON.writeValueAsString(rule));
    }
    return out;
  }

  /** The {@code .json}, {@code .yaml} and {@code .yml} files of a folder, or the file itself. */
  public static java.util.List<Path> ruleFiles(Path p) throws IOException {
    if (!Files.exists(p))
      throw new IllegalArgumentException(
          "no such rule file or folder: " + p + " (the province's rules are in deploy/rules)");
    if (!Files.isDirectory(p)) return java.util.List.of(p);
    try (java.util.stream.Stream<Path> s = Files.list(p)) {
      return s.filter(f -> f.toString().matches(".*\\.(json|ya?ml)$")).sorted().toList();
    }
  }
}
