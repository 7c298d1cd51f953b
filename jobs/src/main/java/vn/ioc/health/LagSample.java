package vn.ioc.health;

/** The processing lag seen by one source instance at one moment of a live run. A Flink POJO. */
public class LagSample {
  public int subtask;

  /** Wall clock (epoch ms). */
  public long at;

  public long watermark;

  public LagSample() {}

  LagSample(int subtask, long at, long watermark) {
    this.subtask = subtask;
    this.at = at;
    this.watermark = watermark;
  }
}
