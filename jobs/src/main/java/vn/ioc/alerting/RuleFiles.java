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

  public static Map<String, String> load(Path dir) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (dir == null || !Files.isDirectory(dir)) return out;
    for (Path f : RulesTool.ruleFiles(dir)) {
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
}
