package vn.ioc.dispatch;

/**
 * What every instance of the dispatch must know, broadcast: a silence set or deleted, or the stop
 * of the engine's clock at the end of a bounded run. A Flink POJO.
 */
public class DispatchControl {
  /** A silence (or its tombstone); null for a clock stop. */
  public Silence silence;

  public long stop;

  public DispatchControl() {}

  public static DispatchControl of(Silence s) {
    DispatchControl c = new DispatchControl();
    c.silence = s;
    return c;
  }

  public static DispatchControl stop(long at) {
    DispatchControl c = new DispatchControl();
    c.stop = at;
    return c;
  }
}
