package vn.ioc.simulator;

/**
 * One message of the simulated feed and the moment it reaches Kafka (simulated time). Emissions are
 * totally ordered by arrival, then by the line itself, so any run of the same simulation sends the
 * same bytes in the same order.
 *
 * @param kind what the message is, for the simulator's own accounting and the tests
 * @param expectedReason for a {@link Kind#MALFORMED} message, the dead-letter reason the decoder
 *     must give it; null otherwise
 */
public record Emission(long arrival, String line, Kind kind, String expectedReason)
    implements Comparable<Emission> {

  public enum Kind {
    /** A report sent on time (hourly, daily or one application). */
    REPORT,
    /** A report sent well after its period ended (hours to a day), still within the horizon. */
    LATE_REPORT,
    /** A report sent again, byte for byte. */
    REDELIVERY,
    /** The same report with other counts and a higher revision. */
    CORRECTION,
    /** A message that breaks the contract. */
    MALFORMED,
    /** A tick of the engine's clock ({@code ioc.clock}). */
    TICK
  }

  @Override
  public int compareTo(Emission o) {
    int c = Long.compare(arrival, o.arrival);
    return c != 0 ? c : line.compareTo(o.line);
  }
}
