package vn.ioc.simulator;

/**
 * How often a simulated feed misbehaves. Shares are per report: each report independently has that
 * chance of arriving late, being re-delivered, being corrected or being followed by a garbled
 * message.
 *
 * @param late share of reports that arrive 2 to 30 hours after their period ends
 * @param redelivery share of reports sent a second time, byte for byte, 1 to 60 minutes later
 * @param correction share of period reports (hourly or daily) corrected by revision 1, 1 to 6 hours
 *     later
 * @param malformed share of reports followed by a garbled message that breaks the contract
 * @param silentHours every simulated week one agency, chosen by the seed, sends nothing for this
 *     many hours from 09:00 on one working day (0: never)
 */
public record Anomalies(
    double late, double redelivery, double correction, double malformed, int silentHours) {

  public static final Anomalies DEFAULT = new Anomalies(0.01, 0.005, 0.005, 0.002, 6);
  public static final Anomalies NONE = new Anomalies(0, 0, 0, 0, 0);

  public Anomalies {
    for (double s : new double[] {late, redelivery, correction, malformed}) {
      if (!(s >= 0 && s <= 1))
        throw new IllegalArgumentException("a share must be in [0, 1]: " + s);
    }
    if (silentHours < 0 || silentHours > 24 * 7)
      throw new IllegalArgumentException("silent hours must be in [0, 168]: " + silentHours);
  }
}
