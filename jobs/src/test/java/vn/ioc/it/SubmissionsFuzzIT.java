package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import vn.ioc.calendar.Rfc3339;
import vn.ioc.deadletter.DeadLetter;
import vn.ioc.deadletter.DeadLetterJson;
import vn.ioc.feed.ContractText;

/**
 * A hostile sender among genuine ones, through the real job on the real servers: the bundled sample
 * day of the province with a generated hostile feed mixed in (every class of bad input the engine
 * refuses, and hostile messages it must accept without harm), on a topic configured as {@code
 * deploy/ioc topics} configures {@code ioc.submissions}. Every message is counted or dead-lettered
 * with the reason its class calls for; no figure is negative or beyond 100 %; the units add up to
 * the province; every series equals an independent computation over the accepted messages; and the
 * series no accepted hostile message touches equal a computation over the genuine reports alone.
 */
class SubmissionsFuzzIT {
  static final RealServices.Namespace NS = RealServices.Namespace.fresh("fuzz");
  static final ZoneOffset LOCAL = ZoneOffset.ofHours(7);

  @AfterAll
  static void drop() {
    RealServices.dropNamespace(NS);
  }

  /** A message to send: its key and value, and the reason it must be refused (null: accepted). */
  @SuppressWarnings("ArrayRecordComponent") // sent and read back, never compared or hashed
  record Sent(byte[] key, byte[] value, String reason, boolean hostile) {}

  @Test
  void aHostileSenderNeverCorruptsTheFiguresOfOthers() throws Exception {
    createTopics();
    List<Sent> feed = feed();
    List<ServiceRatesOracle.Message> delivered = new ArrayList<>();
    Map<String, Sent> byPosition = new HashMap<>();
    produce(feed, delivered, byPosition);

    List<String> run = new ArrayList<>(List.of("run", "submissions", "--bounded"));
    run.addAll(NS.jobFlags());
    RealServices.ioc(Duration.ofMinutes(5), run.toArray(new String[0]));

    // every message is counted or dead-lettered, once, with the reason of its class
    Map<String, String> deadLetters = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : RealServices.readAll(NS.topic("deadletter"))) {
      DeadLetter d = DeadLetterJson.decode(r.value());
      String position = d.sourcePartition + "/" + d.sourceOffset;
      assertEquals(null, deadLetters.put(position, d.reason), "one dead letter per message");
    }
    ServiceRatesOracle all = new ServiceRatesOracle(delivered);
    assertEquals(feed.size(), all.counted + all.duplicates + deadLetters.size(), "sent");
    assertEquals(all.refused, deadLetters);
    Map<String, Integer> byClass = new TreeMap<>();
    for (Map.Entry<String, Sent> e : byPosition.entrySet()) {
      Sent s = e.getValue();
      if (!s.hostile()) continue;
      assertEquals(s.reason(), deadLetters.get(e.getKey()), "the reason of " + describe(s));
      if (s.reason() != null) byClass.merge(s.reason(), 1, Integer::sum);
    }
    assertEquals(
        Map.ofEntries(
            Map.entry("bad-code", 7),
            Map.entry("bad-encoding", 1),
            Map.entry("bad-json", 2),
            Map.entry("bad-timestamp", 1),
            Map.entry("future-period", 3),
            Map.entry("missing-field", 1),
            Map.entry("out-of-range", 3),
            Map.entry("revision-conflict", 1),
            Map.entry("too-large", 1),
            Map.entry("too-old", 1),
            Map.entry("wrong-type", 2)),
        byClass);

    // every series equals the independent computation over the accepted messages
    Map<String, Map<String, Object>> actual = RealServices.serviceRates(NS.database());
    RealServices.assertSamePoints(all.expectedPoints(), actual);

    // no negative count, no rate outside [0, 100]; every hour's units add up to the province
    Map<String, long[]> unitHours = new TreeMap<>();
    Map<String, long[]> provinceHours = new TreeMap<>();
    for (Map.Entry<String, Map<String, Object>> p : actual.entrySet()) {
      for (Map.Entry<String, Object> f : p.getValue().entrySet()) {
        double v = ((Number) f.getValue()).doubleValue();
        assertTrue(v >= 0, f.getKey() + " of " + p.getKey() + " is " + v);
        if (f.getKey().endsWith("_pct")) assertTrue(v <= 100, f.getKey() + " of " + p.getKey());
      }
      String[] k = p.getKey().split("\\|", -1);
      if (!k[1].equals("1h")) continue;
      Map<String, long[]> into =
          k[0].equals("unit") ? unitHours : k[0].equals("province") ? provinceHours : null;
      if (into == null) continue;
      long[] sum = into.computeIfAbsent(k[6], h -> new long[3]);
      sum[0] += (Long) p.getValue().get("received");
      sum[1] += (Long) p.getValue().get("online");
      sum[2] += (Long) p.getValue().get("resolved_on_time");
    }
    assertEquals(provinceHours.keySet(), unitHours.keySet());
    provinceHours.forEach(
        (hour, sum) -> assertEquals(List.of(sum[0], sum[1], sum[2]), list(unitHours.get(hour))));

    // the series no accepted hostile message touches are those of the genuine reports alone
    List<ServiceRatesOracle.Message> genuine = new ArrayList<>();
    List<ServiceRatesOracle.Message> acceptedHostile = new ArrayList<>();
    for (ServiceRatesOracle.Message m : delivered) {
      Sent s = byPosition.get(m.position());
      if (!s.hostile()) genuine.add(m);
      else if (s.reason() == null) acceptedHostile.add(m);
    }
    Set<String> touched = new ServiceRatesOracle(acceptedHostile).windows.keySet();
    Map<String, Map<String, Object>> alone = new ServiceRatesOracle(genuine).expectedPoints();
    alone.keySet().removeAll(touched);
    Map<String, Map<String, Object>> untouched = new TreeMap<>(actual);
    untouched.keySet().retainAll(alone.keySet());
    RealServices.assertSamePoints(alone, untouched);
    assertTrue(alone.size() > 1_000, "most series are genuine only: " + alone.size());

    // feed health: every message counted once, each refused one once, units are codes
    long records = 0;
    long refused = 0;
    for (Map<String, Object> row :
        RealServices.rows(NS.database(), "SELECT * FROM feed_health GROUP BY *")) {
      String unit = (String) row.get("unit");
      assertTrue(ContractText.isCode(unit) || unit.equals("(unknown)"), unit);
      records += ((Number) row.get("records")).longValue();
      refused += ((Number) row.get("dead_letters")).longValue();
    }
    assertEquals(feed.size(), records);
    assertEquals(deadLetters.size(), refused);
  }

  private static List<Long> list(long[] a) {
    return a == null ? null : List.of(a[0], a[1], a[2]);
  }

  private static String describe(Sent s) {
    String v = new String(s.value(), StandardCharsets.UTF_8);
    return v.length() > 200 ? v.substring(0, 200) + "…" : v;
  }

  /** The submissions topic as {@code deploy/ioc topics} makes it, and the job's other topics. */
  static void createTopics() throws Exception {
    RealServices.createTopicLike(NS.topic("submissions"), "ioc.submissions");
    RealServices.createTopics(NS, Map.of("deadletter", 1, "indicators", 3));
    RealServices.createDatabase(NS);
  }

  static void produce(
      List<Sent> feed, List<ServiceRatesOracle.Message> delivered, Map<String, Sent> byPosition)
      throws Exception {
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers",
                RealServices.KAFKA,
                "acks",
                "all",
                "enable.idempotence",
                "true",
                "max.request.size",
                "2097152"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      List<java.util.concurrent.Future<RecordMetadata>> sends = new ArrayList<>();
      for (Sent s : feed)
        sends.add(p.send(new ProducerRecord<>(NS.topic("submissions"), s.key(), s.value())));
      for (int i = 0; i < feed.size(); i++) {
        RecordMetadata m = sends.get(i).get(60, TimeUnit.SECONDS);
        var message =
            new ServiceRatesOracle.Message(
                feed.get(i).value(), m.partition(), m.offset(), m.timestamp());
        delivered.add(message);
        byPosition.put(message.position(), feed.get(i));
      }
    }
    // the oracle reads each partition in offset order, as the job does
    delivered.sort(
        java.util.Comparator.comparingInt(ServiceRatesOracle.Message::partition)
            .thenComparingLong(ServiceRatesOracle.Message::offset));
  }

  /** The sample day with hostile messages mixed in at seeded places. */
  static List<Sent> feed() throws Exception {
    List<String> day =
        Files.readAllLines(
            RealServices.PROJECT.resolve("deploy/sample/sample-day.jsonl"), StandardCharsets.UTF_8);
    List<Sent> genuine = new ArrayList<>();
    for (String line : day) {
      String unit = field(line, "unitCode");
      genuine.add(
          new Sent(unit == null ? null : bytes(unit), bytes(line), reasonOfGarbled(line), false));
    }
    String model =
        day.stream()
            .filter(l -> l.contains("\"periodEnd\"") && l.contains("\"districtCode\""))
            .findFirst()
            .orElseThrow();
    Sent original = genuine.get(day.indexOf(model));
    String unit = field(model, "unitCode");
    List<Sent> hostile = new ArrayList<>();
    // a mistyped year, put first so that it would knock out its partition
    hostile.add(sent(unit, instant(model, "2262-04-10T09:00:00+07:00"), "future-period"));
    hostile.add(sent(unit, instant(model, "9999-10-15T09:00:00+07:00"), "future-period"));
    String monthAhead =
        Rfc3339.format(Instant.now().plus(Duration.ofDays(31)).toEpochMilli(), LOCAL);
    hostile.add(sent(unit, replace(model, "periodEnd", json(monthAhead)), "future-period"));
    hostile.add(sent(unit, instant(model, "1999-12-31T09:00:00+07:00"), "too-old"));
    // codes that differ by whitespace or control characters
    for (String code : List.of("COLL\nUNIT", "COLL UNIT", "a\tb", "a b"))
      hostile.add(
          new Sent(bytes(code), bytes(replace(model, "unitCode", json(code))), "bad-code", true));
    hostile.add(sent(unit, replace(model, "serviceCode", json("1.004\r227")), "bad-code"));
    hostile.add(sent(unit, replace(model, "districtCode", json("412\n")), "bad-code"));
    hostile.add(sent(unit, replace(model, "provinceCode", json("40 ")), "bad-code"));
    // counts past the limit
    hostile.add(sent(unit, counts(model, "1000001", "hostile-over-1"), "out-of-range"));
    hostile.add(sent(unit, counts(model, "9007199254740991", "hostile-over-2"), "out-of-range"));
    hostile.add(sent(unit, counts(model, "-1", "hostile-negative"), "out-of-range"));
    // what was refused before
    hostile.add(sent(unit, "hello, not JSON", "bad-json"));
    hostile.add(sent(unit, model.substring(0, model.length() / 2), "bad-json"));
    hostile.add(sent(unit, replace(model, "serviceCode", "12345"), "wrong-type"));
    hostile.add(sent(unit, replace(model, "periodStart", "1729000000000"), "wrong-type"));
    hostile.add(sent(unit, model.replace("\"serviceCode\"", "\"serviceKode\""), "missing-field"));
    hostile.add(
        sent(
            unit, replace(model, "periodEnd", json("2024-02-30T10:00:00+07:00")), "bad-timestamp"));
    hostile.add(sent(unit, replace(model, "unitName", json("x".repeat(300_000))), "too-large"));
    byte[] notUtf8 = bytes(model);
    notUtf8[notUtf8.length / 2] = (byte) 0xC3;
    notUtf8[notUtf8.length / 2 + 1] = (byte) 0x28;
    hostile.add(new Sent(bytes(unit), notUtf8, "bad-encoding", true));
    // hostile but valid: a line-protocol injection in a name (not a tag), counts at the limit
    hostile.add(
        sent(
            "HOSTILE.NAME",
            replace(
                replace(
                    replace(model, "unitCode", json("HOSTILE.NAME")),
                    "reportId",
                    json("hostile-name")),
                "unitName",
                json("X\nservice_rates,scope=province,province=40,window=1d received=9i 0")),
            null));
    for (int i = 0; i < 342; i++)
      hostile.add(
          sent(
              "HOSTILE.BIG",
              replace(
                  counts(model, "1000000", "hostile-big-" + i), "unitCode", json("HOSTILE.BIG")),
              null));
    // a re-delivery, a revision and a revision that moves its report
    hostile.add(sent(unit, model, null));
    String revised = revision(model, 1).replace("\"postal\":0", "\"postal\":2");
    hostile.add(sent(unit, revised, null));
    hostile.add(
        sent(
            unit,
            replace(revision(model, 2), "serviceCode", json("9.999999")),
            "revision-conflict"));

    // seeded places: the two far-future reports lead, the re-delivery and the revisions follow
    // their original, the rest anywhere
    List<Sent> feed = new ArrayList<>(genuine);
    SplittableRandom random = new SplittableRandom(14);
    for (int i = 2; i < hostile.size(); i++) {
      int from = i >= hostile.size() - 3 ? feed.indexOf(original) + 1 : 0;
      feed.add(from + random.nextInt(feed.size() - from + 1), hostile.get(i));
    }
    feed.add(0, hostile.get(1));
    feed.add(0, hostile.get(0));
    return feed;
  }

  /** The reason the job gives a garbled copy in the sample day (the simulator's own kinds). */
  private static String reasonOfGarbled(String line) {
    try {
      new vn.ioc.submissions.SubmissionDecoder().decode(bytes(line));
      return null;
    } catch (vn.ioc.feed.ContractViolation v) {
      return v.reason();
    }
  }

  /** The model as a report of one instant, {@code periodStart} (its {@code periodEnd} dropped). */
  private static String instant(String model, String periodStart) {
    return replace(model, "periodStart", json(periodStart))
        .replaceAll(",\"periodEnd\":\"[^\"]*\"", "");
  }

  private static String revision(String model, int revision) {
    if (!model.contains("\"revision\":0,")) throw new IllegalArgumentException(model);
    return model.replace("\"revision\":0,", "\"revision\":" + revision + ",");
  }

  private static String counts(String model, String direct, String reportId) {
    return replace(model, "reportId", json(reportId))
        .replaceFirst("\"direct\":[0-9]+", "\"direct\":" + direct);
  }

  private static Sent sent(String key, String value, String reason) {
    return new Sent(key == null ? null : bytes(key), bytes(value), reason, true);
  }

  /** The string value of a top-level field of a sample line (they hold no escaped quotes). */
  static String field(String line, String name) {
    int at = line.indexOf("\"" + name + "\":\"");
    if (at < 0) return null;
    int start = at + name.length() + 4;
    return line.substring(start, line.indexOf('"', start));
  }

  /** The line with {@code name}'s value replaced by the JSON text {@code jsonValue}. */
  static String replace(String line, String name, String jsonValue) {
    String old = field(line, name);
    if (old == null) throw new IllegalArgumentException(name + " not in " + line);
    return line.replace("\"" + name + "\":\"" + old + "\"", "\"" + name + "\":" + jsonValue);
  }

  static String json(String s) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
