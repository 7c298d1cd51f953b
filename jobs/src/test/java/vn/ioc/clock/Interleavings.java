package vn.ioc.clock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Orders in which a keyed operator may read a history: the inputs of each key stay in their order
 * (as on one Kafka partition), the keys are interleaved at random.
 */
public final class Interleavings {
  private Interleavings() {}

  /** One seeded interleaving of {@code history}, each {@code key}'s inputs in their order. */
  public static <T> List<T> of(List<T> history, Function<T, String> key, Random random) {
    Map<String, List<T>> byKey = new LinkedHashMap<>();
    for (T t : history) byKey.computeIfAbsent(key.apply(t), k -> new ArrayList<>()).add(t);
    List<List<T>> streams = new ArrayList<>(byKey.values());
    List<T> order = new ArrayList<>(history.size());
    int[] next = new int[streams.size()];
    while (order.size() < history.size()) {
      int s = random.nextInt(streams.size());
      if (next[s] < streams.get(s).size()) order.add(streams.get(s).get(next[s]++));
    }
    return order;
  }
}
