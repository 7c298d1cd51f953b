package vn.ioc.dispatch;

/**
 * An acknowledgement ({@code ioc.alert-acks}, {@code schemas/alert-ack.schema.json}): {@code by}
 * has seen the firing alert {@code alertId} of {@code unit}, at {@code at}; with {@code since}, the
 * firing episode that started then (and no other). A Flink POJO.
 */
public class Ack implements vn.ioc.feed.EventTimed {
  /** {@link #since} of an ack that names no episode: it is for the alert's current one. */
  public static final long ANY_EPISODE = Long.MIN_VALUE;

  public String alertId;
  public String unit;
  public String by;
  public long at;
  public String comment;

  /** When the firing episode it acknowledges started (the alert's {@code since}). */
  public long since = ANY_EPISODE;

  public Ack() {}

  public static Ack of(String alertId, String unit, String by, long at, String comment) {
    Ack a = new Ack();
    a.alertId = alertId;
    a.unit = unit;
    a.by = by;
    a.at = at;
    a.comment = comment;
    return a;
  }

  /** This ack, for the firing episode that started at {@code since} only. */
  public Ack forEpisode(long since) {
    this.since = since;
    return this;
  }

  /** Not used for the engine's clock (acknowledgements and silences do not move it). */
  @Override
  public long eventTime() {
    return at;
  }

  @Override
  public String eventTimeField() {
    return "at";
  }
}
