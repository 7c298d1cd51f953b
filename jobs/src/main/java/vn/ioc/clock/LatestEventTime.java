package vn.ioc.clock;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Chained before the {@link EngineClock}: passes on only the latest event time this instance has
 * seen, once per watermark (and before the end-of-input one), instead of one record per report. The
 * engine clock keeps the maximum of what it receives, so nothing it needs is lost; it holds no
 * state of its own (the maximum is resent after a restore as soon as a newer event comes).
 */
public final class LatestEventTime extends AbstractStreamOperator<Long>
    implements OneInputStreamOperator<Long, Long> {
  private static final long serialVersionUID = 1L;

  private transient long latest = Long.MIN_VALUE;
  private transient long sent = Long.MIN_VALUE;

  @Override
  public void processElement(StreamRecord<Long> record) {
    if (record.getValue() > latest) latest = record.getValue();
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    if (latest > sent) {
      output.collect(new StreamRecord<>(latest));
      sent = latest;
    }
    super.processWatermark(mark);
  }
}
