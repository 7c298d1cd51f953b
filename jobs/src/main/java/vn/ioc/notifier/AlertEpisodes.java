package vn.ioc.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.ioc.alerting.AlertChange;
import vn.ioc.alerting.AlertLevel;
import vn.ioc.feed.ContractViolation;
import vn.ioc.feed.JsonTree;

/**
 * What the acknowledgement pages know of alerts: the latest event of each firing episode (an alert
 * id and the time it started firing) as the alerting job wrote it on {@code ioc.alerts} ({@code
 * schemas/alert.schema.json}), read by a {@link vn.ioc.kafka.TopicFollower} from the oldest time a
 * valid link can have been sent on. Bounded: a resolved episode is forgotten {@code keepResolved}
 * after its resolution (by the records' timestamps), and beyond {@code capacity} episodes the one
 * that changed longest ago goes first. A record that does not decode is skipped: the page then
 * shows what its link says.
 */
final class AlertEpisodes {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One firing of one alert: its id and when it started firing (epoch ms). */
  record Episode(String alertId, long since) {}

  /**
   * The latest of an episode, as the page shows it. {@code acknowledgedAt} is {@link #UNKNOWN} when
   * the acknowledgement came before what was read; {@code endsAt} too while it fires.
   */
  record Seen(
      String description,
      String message,
      String unit,
      String unitName,
      AlertLevel level,
      double value,
      double threshold,
      List<String> recipients,
      String acknowledgedBy,
      long acknowledgedAt,
      long endsAt) {
    boolean resolved() {
      return endsAt != UNKNOWN;
    }
  }

  static final long UNKNOWN = Long.MIN_VALUE;

  private record Resolution(Episode episode, long recordedAt) {}

  private final long keepResolvedMs;
  private final int capacity;
  private final Map<Episode, Seen> latest = new LinkedHashMap<>();
  private final Deque<Resolution> resolutions = new ArrayDeque<>();

  AlertEpisodes(java.time.Duration keepResolved, int capacity) {
    this.keepResolvedMs = keepResolved.toMillis();
    this.capacity = capacity;
  }

  /** What is known of the episode, or null. */
  synchronized Seen seen(String alertId, long since) {
    return latest.get(new Episode(alertId, since));
  }

  synchronized int size() {
    return latest.size();
  }

  /** Takes a record of {@code ioc.alerts}, stamped {@code recordedAt} (its Kafka timestamp). */
  void offer(byte[] value, long recordedAt) {
    if (value == null) return;
    JsonNode e;
    Episode episode;
    AlertChange state;
    AlertLevel level;
    long at;
    try {
      e = JSON.readTree(value);
      if (e == null || !e.isObject()) return;
      episode =
          new Episode(
              e.path("alertId").asText(), JsonTree.timestamp(e.path("startsAt"), "startsAt"));
      state = AlertChange.valueOf(e.path("state").asText());
      level = AlertLevel.ofCode(e.path("level").asText());
      at = JsonTree.timestamp(e.path("at"), "at");
    } catch (IOException | ContractViolation | IllegalArgumentException bad) {
      return; // the job wrote it; a record it did not write says nothing the page could trust
    }
    List<String> recipients = new ArrayList<>();
    e.path("recipients").forEach(r -> recipients.add(r.asText()));
    synchronized (this) {
      Seen before = latest.remove(episode);
      String by = text(e, "acknowledgedBy");
      long ackedAt =
          state == AlertChange.ACKNOWLEDGED
              ? at
              : before != null && by != null && by.equals(before.acknowledgedBy())
                  ? before.acknowledgedAt()
                  : UNKNOWN;
      Seen now =
          new Seen(
              text(e, "description"),
              text(e, "message"),
              text(e, "unit"),
              text(e, "unitName"),
              level,
              e.path("value").isNumber() ? e.path("value").asDouble() : Double.NaN,
              e.path("threshold").isNumber() ? e.path("threshold").asDouble() : Double.NaN,
              List.copyOf(recipients),
              by,
              ackedAt,
              state == AlertChange.RESOLVED ? at : UNKNOWN);
      latest.put(episode, now);
      if (now.resolved()) resolutions.add(new Resolution(episode, recordedAt));
      forget(recordedAt);
    }
  }

  /** Resolutions older than {@code keepResolved}, then the oldest beyond the capacity. */
  private void forget(long newest) {
    while (!resolutions.isEmpty() && resolutions.peek().recordedAt() < newest - keepResolvedMs) {
      Episode gone = resolutions.poll().episode();
      Seen s = latest.get(gone);
      if (s != null && s.resolved()) latest.remove(gone);
    }
    var oldest = latest.keySet().iterator();
    while (latest.size() > capacity) {
      oldest.next();
      oldest.remove();
    }
  }

  private static String text(JsonNode e, String field) {
    JsonNode v = e.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
