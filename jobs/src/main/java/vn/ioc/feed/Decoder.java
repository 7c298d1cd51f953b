package vn.ioc.feed;

import java.io.Serializable;

/**
 * Turns one Kafka message payload into a validated domain record, or says why it cannot. One
 * decoder per topic contract; the schema in {@code schemas/} and the decoder are tested against the
 * same example messages so they cannot drift.
 */
@FunctionalInterface
public interface Decoder<T> extends Serializable {
  T decode(byte[] payload) throws ContractViolation;
}
