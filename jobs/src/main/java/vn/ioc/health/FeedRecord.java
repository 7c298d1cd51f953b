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
}
