package vn.ioc.alerting;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import vn.ioc.config.IocConfig;
import vn.ioc.indicators.IndicatorCatalogue;

/**
 * Reads alert rules from JSON or YAML ({@code schemas/alert-rule.schema.json}) and checks them,
 * with the line and column of every refusal. A text holds one rule (an object) or several (a list).
 * Beyond the schema it checks what a schema cannot: each level's reset lies on the recovering side
 * of its threshold, and the critical threshold lies beyond the warning one.
 */
public final class RuleParser {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "description",
          "indicator",
          "match",
          "direction",
          "warning",
          "critical",
          "minVolume",
          "for",
          "noData",
          "messages",
          "labels",
          "renotify",
          "mute",
          "recipients",
          "inhibits");

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private RuleParser() {}

  /** The rules of a text (JSON when it starts with '{' or '['), or the first refusal. */
  public static List<AlertRule> parse(String text) throws RuleViolation {
    return parse(text, null);
  }

  /**
   * {@link #parse(String)}, and a rule must watch an indicator of the catalogue: its measurement,
   * field, volume field, the tags it matches and their values (a rule that names anything else
   * could never fire). The job reads any measurement of the bus; the tools check against it.
   */
  public static List<AlertRule> parse(String text, IndicatorCatalogue catalogue)
      throws RuleViolation {
    boolean json = text.stripLeading().startsWith("{") || text.stripLeading().startsWith("[");
    ObjectMapper mapper = json ? JSON : YAML;
    JsonNode root;
    Map<String, int[]> where;
    try {
      root = mapper.readTree(text);
      where = locations(mapper.getFactory(), text);
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw new RuleViolation(
          "",
          l == null ? 1 : l.getLineNr(),
          l == null ? 1 : l.getColumnNr(),
          "not readable as " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new RuleViolation("", 1, 1, "not readable: " + e.getMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull())
      throw new RuleViolation("", 1, 1, "no rule in the text");
    Reader r = new Reader(where, catalogue);
    List<AlertRule> rules = new ArrayList<>();
    if (root.isArray()) {
      for (int i = 0; i < root.size(); i++) rules.add(r.rule(root.get(i), "/" + i));
    } else {
      rules.add(r.rule(root, ""));
    }
    return rules;
  }

  /** The line and column of every value, by JSON pointer. */
  private static Map<String, int[]> locations(JsonFactory factory, String text) throws IOException {
    Map<String, int[]> out = new HashMap<>();
    try (JsonParser p = factory.createParser(text)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME) continue;
        JsonLocation l = p.currentTokenLocation();
        out.putIfAbsent(
            p.getParsingContext().pathAsPointer().toString(),
            new int[] {l.getLineNr(), l.getColumnNr()});
      }
    }
    return out;
  }

  /** Reads one rule, refusing at the value's place. */
  private static final class Reader {
    private final Map<String, int[]> where;
    private final IndicatorCatalogue catalogue;

    Reader(Map<String, int[]> where, IndicatorCatalogue catalogue) {
      this.where = where;
      this.catalogue = catalogue;
    }

    /** Refuses a rule that watches what the catalogue does not have. */
    void known(
        String at, String measurement, String field, Map<String, String> match, String volume)
        throws RuleViolation {
      if (catalogue == null) return;
      IndicatorCatalogue.Measurement m = catalogue.measurement(measurement);
      if (m == null)
        throw refuse(
            at + "/indicator/measurement",
            "no indicator "
                + measurement
                + " (did you mean "
                + IocConfig.nearest(measurement, catalogue.names())
                + "? the indicators are "
                + String.join(", ", catalogue.names())
                + ")");
      if (!m.hasField(field))
        throw refuse(
            at + "/indicator/field",
            measurement
                + " has no field "
                + field
                + " (did you mean "
                + IocConfig.nearest(field, m.fields())
                + "?)");
      if (volume != null && !m.hasField(volume))
        throw refuse(
            at + "/minVolume/field",
            measurement
                + " has no field "
                + volume
                + " (did you mean "
                + IocConfig.nearest(volume, m.fields())
                + "?)");
      for (Map.Entry<String, String> t : match.entrySet()) {
        Set<String> values = m.tags().get(t.getKey());
        if (values == null)
          throw refuse(
              at + "/match/" + t.getKey(),
              measurement
                  + " has no tag "
                  + t.getKey()
                  + " (did you mean "
                  + IocConfig.nearest(t.getKey(), m.tags().keySet())
                  + "? its tags are "
                  + String.join(", ", new java.util.TreeSet<>(m.tags().keySet()))
                  + ")");
        if (!values.isEmpty() && !t.getValue().equals("*") && !values.contains(t.getValue()))
          throw refuse(
              at + "/match/" + t.getKey(),
              t.getKey()
                  + " of "
                  + measurement
                  + " is one of "
                  + String.join(", ", values)
                  + ", not "
                  + t.getValue());
      }
    }

    RuleViolation refuse(String pointer, String message) {
      int[] l = where.getOrDefault(pointer, where.getOrDefault("", new int[] {1, 1}));
      return new RuleViolation(pointer, l[0], l[1], message);
    }

    AlertRule rule(JsonNode n, String at) throws RuleViolation {
      if (!n.isObject()) throw refuse(at, "a rule is an object");
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!FIELDS.contains(f)) throw refuse(at + "/" + f, "unknown field " + f);
      }
      String id = text(n, at, "id", true);
      if (!ID.matcher(id).matches())
        throw refuse(
            at + "/id",
            "an id is 1–64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
      JsonNode indicator = object(n, at, "indicator", true);
      String measurement = text(indicator, at + "/indicator", "measurement", true);
      String field = text(indicator, at + "/indicator", "field", true);
      String dir = text(n, at, "direction", true);
      AlertRule.Direction direction =
          switch (dir) {
            case "below" -> AlertRule.Direction.BELOW;
            case "above" -> AlertRule.Direction.ABOVE;
            default -> throw refuse(at + "/direction", "direction is below or above, not " + dir);
          };
      AlertRule.Level warning = level(n, at, "warning", direction);
      AlertRule.Level critical = level(n, at, "critical", direction);
      if (warning == null && critical == null)
        throw refuse(at, "a rule needs a warning or a critical level");
      if (warning != null
          && critical != null
          && !(direction == AlertRule.Direction.BELOW
              ? critical.threshold() <= warning.threshold()
              : critical.threshold() >= warning.threshold()))
        throw refuse(
            at + "/critical/threshold",
            "the critical threshold must be "
                + (direction == AlertRule.Direction.BELOW ? "at or below" : "at or above")
                + " the warning one ("
                + warning.threshold()
                + ")");
      AlertRule.MinVolume minVolume = null;
      JsonNode mv = object(n, at, "minVolume", false);
      if (mv != null)
        minVolume =
            new AlertRule.MinVolume(
                text(mv, at + "/minVolume", "field", true),
                number(mv, at + "/minVolume", "atLeast"));
      Duration pendingFor = duration(n, at, "for");
      AlertRule.NoData noData = null;
      JsonNode nd = object(n, at, "noData", false);
      if (nd != null) {
        Duration after = duration(nd, at + "/noData", "after");
        if (after == null) throw refuse(at + "/noData", "noData needs after");
        String action = text(nd, at + "/noData", "action", false);
        if (action != null && !action.equals("nodata") && !action.equals("keep"))
          throw refuse(at + "/noData/action", "action is nodata or keep, not " + action);
        noData = new AlertRule.NoData(after, !"keep".equals(action));
      }
      JsonNode msg = object(n, at, "messages", false);
      AlertRule.Messages messages =
          msg == null
              ? AlertRule.Messages.NONE
              : new AlertRule.Messages(
                  text(msg, at + "/messages", "firing", false),
                  text(msg, at + "/messages", "resolved", false),
                  text(msg, at + "/messages", "smsFiring", false),
                  text(msg, at + "/messages", "smsResolved", false));
      List<AlertRule.Mute> mutes = new ArrayList<>();
      JsonNode mute = n.get("mute");
      if (mute != null && !mute.isNull()) {
        if (!mute.isArray()) throw refuse(at + "/mute", "mute is a list");
        for (int i = 0; i < mute.size(); i++) {
          String mat = at + "/mute/" + i;
          JsonNode m = mute.get(i);
          if (!m.isObject()) throw refuse(mat, "a mute window is an object");
          String days = text(m, mat, "days", false);
          if (days == null) days = "all";
          if (!Set.of("all", "working", "off").contains(days))
            throw refuse(mat + "/days", "days is all, working or off, not " + days);
          mutes.add(new AlertRule.Mute(time(m, mat, "from"), time(m, mat, "to"), days));
        }
      }
      List<String> recipients = names(n, at, "recipients", "a recipient");
      List<String> inhibits = names(n, at, "inhibits", "an inhibited rule id");
      for (int i = 0; i < inhibits.size(); i++)
        if (!ID.matcher(inhibits.get(i)).matches())
          throw refuse(at + "/inhibits/" + i, "not a rule id: " + inhibits.get(i));
      Map<String, String> match = strings(n, at, "match");
      known(at, measurement, field, match, minVolume == null ? null : minVolume.field());
      return new AlertRule(
          id,
          text(n, at, "description", false),
          measurement,
          field,
          match,
          direction,
          warning,
          critical,
          minVolume,
          pendingFor == null ? Duration.ZERO : pendingFor,
          noData,
          messages,
          strings(n, at, "labels"),
          duration(n, at, "renotify"),
          List.copyOf(mutes),
          List.copyOf(recipients),
          List.copyOf(inhibits));
    }

    /** A list of non-empty strings, or an empty list when absent. */
    private List<String> names(JsonNode n, String at, String field, String what)
        throws RuleViolation {
      List<String> out = new ArrayList<>();
      JsonNode list = n.get(field);
      if (list == null || list.isNull()) return out;
      if (!list.isArray()) throw refuse(at + "/" + field, field + " is a list");
      for (int i = 0; i < list.size(); i++) {
        if (!list.get(i).isTextual() || list.get(i).asText().isBlank())
          throw refuse(at + "/" + field + "/" + i, what + " is a non-empty string");
        out.add(list.get(i).asText());
      }
      return out;
    }

    private AlertRule.Level level(JsonNode n, String at, String name, AlertRule.Direction direction)
        throws RuleViolation {
      JsonNode l = object(n, at, name, false);
      if (l == null) return null;
      String lat = at + "/" + name;
      double threshold = number(l, lat, "threshold");
      Double reset = l.has("reset") ? number(l, lat, "reset") : null;
      if (reset == null) reset = threshold;
      boolean recovering =
          direction == AlertRule.Direction.BELOW ? reset >= threshold : reset <= threshold;
      if (!recovering)
        throw refuse(
            lat + "/reset",
            "the reset must be "
                + (direction == AlertRule.Direction.BELOW ? "at or above" : "at or below")
                + " the threshold ("
                + threshold
                + "): it is where the alert recovers");
      return new AlertRule.Level(threshold, reset);
    }

    private JsonNode object(JsonNode n, String at, String name, boolean required)
        throws RuleViolation {
      JsonNode v = n.get(name);
      if (v == null || v.isNull()) {
        if (required) throw refuse(at, "missing " + name);
        return null;
      }
      if (!v.isObject()) throw refuse(at + "/" + name, name + " is an object");
      return v;
    }

    private String text(JsonNode n, String at, String name, boolean required) throws RuleViolation {
      JsonNode v = n.get(name);
      if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
        if (required) throw refuse(v == null ? at : at + "/" + name, "missing " + name);
        return null;
      }
      if (!v.isTextual()) throw refuse(at + "/" + name, name + " is a string");
      return v.asText();
    }

    private double number(JsonNode n, String at, String name) throws RuleViolation {
      JsonNode v = n.get(name);
      if (v == null || v.isNull()) throw refuse(at, "missing " + name);
      if (!v.isNumber()) throw refuse(at + "/" + name, name + " is a number");
      return v.asDouble();
    }

    private Duration duration(JsonNode n, String at, String name) throws RuleViolation {
      String s = text(n, at, name, false);
      if (s == null) return null;
      try {
        Duration d = IocConfig.parseDuration(s);
        if (d.isNegative()) throw new IllegalArgumentException();
        return d;
      } catch (RuntimeException e) {
        throw refuse(at + "/" + name, name + " is a duration such as 30m, 2h, 1d or PT30M: " + s);
      }
    }

    private LocalTime time(JsonNode n, String at, String name) throws RuleViolation {
      String s = text(n, at, name, true);
      try {
        return LocalTime.parse(s);
      } catch (DateTimeParseException e) {
        throw refuse(at + "/" + name, name + " is a local time HH:mm: " + s);
      }
    }

    private Map<String, String> strings(JsonNode n, String at, String name) throws RuleViolation {
      JsonNode v = n.get(name);
      Map<String, String> out = new LinkedHashMap<>();
      if (v == null || v.isNull()) return out;
      if (!v.isObject()) throw refuse(at + "/" + name, name + " is an object of strings");
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual())
          throw refuse(at + "/" + name + "/" + e.getKey(), e.getKey() + " is a string");
        out.put(e.getKey(), e.getValue().asText());
      }
      return out;
    }
  }
}
