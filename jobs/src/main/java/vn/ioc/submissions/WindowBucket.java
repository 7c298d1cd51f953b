package vn.ioc.submissions;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The state of one window of one series in {@link WindowRollup}: its value, the changes not yet
 * handed to the parent window and to the coarser scope, and what was last written. Flink serializes
 * it in a packed form ({@link PackedForms}).
 */
@TypeInfo(PackedForms.WindowForm.Factory.class)
public class WindowBucket {
  public Counts value = new Counts();

  /** Changes not yet rolled into the parent window (this window's own and its children's). */
  public Counts pendingUp;

  /** Changes that entered this scope at this window, not yet forwarded to the coarser scopes. */
  public Counts pendingOut;

  public long asOf = Long.MIN_VALUE;

  /** The value changed since it was last written. */
  public boolean changed;

  public boolean finalWritten;

  /** Which rates the last write carried (the {@code RATES_} bits); -1 before the first write. */
  public int writtenRates = -1;

  /** The incarnation of the operator that made the last write. */
  public long writtenIncarnation;

  public long lastWriteProcessingTime;

  /** Some count of this window went down at least once (a revision): a rate may have vanished. */
  public boolean decreased;

  static final int RATES_RECEIVED = 1;
  static final int RATES_RESOLVED = 2;
  static final int RATES_ALL = RATES_RECEIVED | RATES_RESOLVED;

  public WindowBucket() {}

  boolean hasPending() {
    return pendingUp != null || pendingOut != null;
  }

  int rates() {
    return (value.received() > 0 ? RATES_RECEIVED : 0)
        | (value.resolvedOnTime + value.resolvedLate > 0 ? RATES_RESOLVED : 0);
  }
}
