package vn.ioc.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.tools.DeadLettersTool.Filter;
import vn.ioc.tools.DeadLettersTool.Tally;
import vn.ioc.tools.DeadLettersTool.View;

class DeadLettersToolTest {

  /** A dead letter as the jobs publish it: the DeadLetter fields, refusedAt as RFC 3339 text. */
  private static byte[] published(DeadLetter d, String refusedAt) {
    ObjectNode n = DeadLettersTool.JSON.valueToTree(d);
    n.put("refusedAt", refusedAt);
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static DeadLetter letter(String reason, String topic, String key, String payload) {
    DeadLetter d = new DeadLetter(reason, "detail of " + reason);
    d.job = "submissions";
    d.sourceTopic = topic;
    d.sourcePartition = 2;
    d.sourceOffset = 17;
    d.sourceKey = key;
    d.payload = payload;
    return d;
  }

  @Test
  void readsThePublishedForm() {
    View v =
        View.parse(
            5,
            published(
                letter("bad-json", "ioc.submissions", "000.00.31.H40", "{oops"),
                "2024-10-15T03:17:00Z"));
    assertEquals(5, v.offset());
    assertEquals("bad-json", v.reason());
    assertEquals("ioc.submissions", v.sourceTopic());
    assertEquals(2, v.sourcePartition());
    assertEquals(17, v.sourceOffset());
    assertEquals("000.00.31.H40", v.sourceKey());
    assertEquals("2024-10-15T03:17:00Z", v.refusedAt());
    assertEquals("{oops", v.payload());
    assertFalse(v.payloadTruncated());
  }

  @Test
  void aRecomputesRefusalOfTheSameRecordIsTheSameRefusal() {
    DeadLetter first = letter("late", "ioc.submissions", "u", "{}");
    View once = View.parse(5, published(first, "2024-10-15T03:17:00Z"));
    first.detail = "worded by a later version";
    View again = View.parse(90, published(first, "2024-10-16T08:00:00Z"));
    assertEquals(once.refusal(), again.refusal(), "same job, record and reason");
    assertEquals("submissions\nioc.submissions\n2\n17\nlate", once.refusal());

    DeadLetter other = letter("late", "ioc.submissions", "u", "{}");
    other.sourceOffset = 18;
    assertNotEquals(once.refusal(), View.parse(6, published(other, "x")).refusal());
    DeadLetter otherReason = letter("bad-json", "ioc.submissions", "u", "{}");
    assertNotEquals(once.refusal(), View.parse(7, published(otherReason, "x")).refusal());

    // no source record (a point InfluxDB refused): the same when all it says is the same
    DeadLetter point = letter("influx-refused", null, null, "service_rates,unit=u x=1");
    point.sourceOffset = -1;
    assertEquals(
        View.parse(1, published(point, "a")).refusal(),
        View.parse(2, published(point, "b")).refusal());
    // an unreadable dead letter is only itself
    byte[] junk = "junk".getBytes(StandardCharsets.UTF_8);
    assertNotEquals(View.parse(1, junk).refusal(), View.parse(2, junk).refusal());
  }

  @Test
  void epochMillisRefusedAtIsShownAsRfc3339() {
    byte[] json = "{\"reason\":\"late\",\"refusedAt\":0}".getBytes(StandardCharsets.UTF_8);
    assertEquals("1970-01-01T00:00:00Z", View.parse(0, json).refusedAt());
  }

  @Test
  void unreadableRecordsAreCountedNotFatal() {
    assertEquals(
        View.UNREADABLE, View.parse(0, "not json".getBytes(StandardCharsets.UTF_8)).reason());
    assertEquals(View.UNREADABLE, View.parse(0, null).reason());
    assertEquals(View.UNREADABLE, View.parse(0, "[1]".getBytes(StandardCharsets.UTF_8)).reason());
    assertEquals("(no reason)", View.parse(0, "{}".getBytes(StandardCharsets.UTF_8)).reason());
  }

  @Test
  void talliesByReasonAndSourceTopic() {
    Tally t = new Tally();
    t.add(View.parse(0, published(letter("late", "ioc.submissions", "u", "{}"), "x")));
    t.add(View.parse(1, published(letter("late", "ioc.submissions", "u", "{}"), "x")));
    t.add(View.parse(2, published(letter("late", "ioc.progress", "u", "{}"), "x")));
    t.add(View.parse(3, published(letter("bad-json", "ioc.submissions", null, "{"), "x")));
    assertEquals(4, t.total);
    assertEquals(Map.of("late", 3L, "bad-json", 1L), t.byReason);
    assertEquals(Map.of("ioc.progress", 1L, "ioc.submissions", 2L), t.byReasonAndTopic.get("late"));
    List<String> lines = t.render();
    assertEquals(3, lines.size());
    assertTrue(lines.get(1).matches("\\s+bad-json\\s+1\\s+ioc.submissions 1"), lines.get(1));
    assertTrue(
        lines.get(2).matches("\\s+late\\s+3\\s+ioc.progress 1, ioc.submissions 2"), lines.get(2));
    assertTrue(new Tally().render().isEmpty());
  }

  @Test
  void filtersByReasonAndSourceTopic() {
    View late = View.parse(0, published(letter("late", "ioc.submissions", "u", "{}"), "x"));
    assertTrue(new Filter(null, null).matches(late));
    assertTrue(new Filter("late", null).matches(late));
    assertFalse(new Filter("bad-json", null).matches(late));
    assertTrue(new Filter("late", "ioc.submissions").matches(late));
    assertFalse(new Filter(null, "ioc.progress").matches(late));
  }

  @Test
  void replaySendsTheOriginalPayloadAndKeyToTheSourceTopic() {
    View v =
        View.parse(
            0,
            published(
                letter("cardinality-limit", "ioc.submissions", "000.00.31.H40", "{\"a\":\"Vinh\"}"),
                "x"));
    assertNull(DeadLettersTool.unreplayable(v, "ioc.deadletter"));
    ProducerRecord<byte[], byte[]> r = DeadLettersTool.replayRecord(v);
    assertEquals("ioc.submissions", r.topic());
    assertArrayEquals("000.00.31.H40".getBytes(StandardCharsets.UTF_8), r.key());
    assertArrayEquals("{\"a\":\"Vinh\"}".getBytes(StandardCharsets.UTF_8), r.value());
  }

  @Test
  void replayOfABinaryPayloadSendsItsBytesWithANullKey() {
    byte[] raw = {(byte) 0xFF, 0, 'x'};
    DeadLetter d = letter("bad-encoding", "ioc.submissions", null, null);
    d.payloadBase64 = Base64.getEncoder().encodeToString(raw);
    View v = View.parse(0, published(d, "x"));
    ProducerRecord<byte[], byte[]> r = DeadLettersTool.replayRecord(v);
    assertNull(r.key());
    assertArrayEquals(raw, r.value());
  }

  @Test
  void whatCannotBeReplayed() {
    DeadLetter truncated = letter("too-large", "ioc.submissions", "u", "{...");
    truncated.payloadTruncated = true;
    assertEquals(
        "payload truncated",
        DeadLettersTool.unreplayable(View.parse(0, published(truncated, "x")), "ioc.deadletter"));
    assertEquals(
        "no payload",
        DeadLettersTool.unreplayable(
            View.parse(0, published(letter("x", "ioc.submissions", "u", null), "x")),
            "ioc.deadletter"));
    assertEquals(
        "no source topic",
        DeadLettersTool.unreplayable(
            View.parse(0, published(letter("x", null, "u", "{}"), "x")), "ioc.deadletter"));
    assertEquals(
        "source is the dead-letter topic",
        DeadLettersTool.unreplayable(
            View.parse(0, published(letter("x", "ioc.deadletter", "u", "{}"), "x")),
            "ioc.deadletter"));
    assertEquals(
        "unreadable",
        DeadLettersTool.unreplayable(
            View.parse(0, "nope".getBytes(StandardCharsets.UTF_8)), "ioc.deadletter"));
  }

  @Test
  void showPrintsOneRecordReadably() {
    String s =
        DeadLettersTool.show(
            View.parse(
                9,
                published(letter("late", "ioc.submissions", "u", "{}"), "2024-10-15T03:17:00Z")));
    assertTrue(
        s.startsWith(
            "#9 2024-10-15T03:17:00Z late from ioc.submissions/2/17 key=u job=submissions"),
        s);
    assertTrue(s.contains("detail of late"));
    assertTrue(s.endsWith("payload: {}"), s);
  }
}
