package vn.ioc.feed;

import vn.ioc.deadletter.DeadLetter;

/**
 * What the Kafka source hands on for one message: either a contract-valid {@code value} or a
 * {@code deadLetter}, with the message's source partition (the acceptance gate tracks lateness per
 * partition). A Flink POJO.
 */
public class Decoded<T> {
  public T value;
  public DeadLetter deadLetter;
  public int partition;
  public long offset;

  public Decoded() {}

  public static <T> Decoded<T> valid(T value, int partition, long offset) {
    Decoded<T> d = new Decoded<>();
    d.value = value;
    d.partition = partition;
    d.offset = offset;
    return d;
  }

  public static <T> Decoded<T> refused(DeadLetter deadLetter) {
    Decoded<T> d = new Decoded<>();
    d.deadLetter = deadLetter;
    d.partition = deadLetter.sourcePartition;
    d.offset = deadLetter.sourceOffset;
    return d;
  }

  public boolean isValid() {
    return value != null;
  }
}
