package vn.ioc.health;

import vn.ioc.feed.EventTimed;

/**
 * A feed record whose health is tallied: it names the unit that sent it and the service it is
 * about.
 */
public interface FeedRecord extends EventTimed {
  String feedUnit();

  /** The service code, or null for feeds without one. */
  String feedService();

  /** When the record's period starts (its day is the day of its district and commune). */
  default long feedPeriodStart() {
    return eventTime();
  }

  /** The district code the record names, or null. */
  default String feedDistrict() {
    return null;
  }

  /** The commune code the record names, or null. */
  default String feedCommune() {
    return null;
  }
}
