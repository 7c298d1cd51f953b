package vn.ioc.sinks;

import java.io.Serializable;
import java.util.function.IntSupplier;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import vn.ioc.indicators.IndicatorUpdate;

/**
 * Just before the indicator bus: passes a job's updates on, and marks in every partition of the bus
 * how far in event time this writer has got. A reader of the bus takes its event time per
 * partition; a partition holds several writers' updates (the submissions and progress jobs, each
 * with several indicator streams and parallel instances), and a writer catching up with a backlog
 * writes updates days older than another's. From the updates alone a reader could only take the
 * newest time it has read, and would judge the slower writer's updates late. With the marks it
 * takes the slowest writer's ({@code alerting.job.BusWatermarks}).
 *
 * <p>A mark says: this writer has passed watermark {@code w}, and everything it wrote before the
 * mark was written before {@code w} reached it, so its later updates are of {@code w} or after
 * (apart from what was late for the writer itself). Marks are written every second while the
 * watermark moves and every 5 seconds while it stands (so a reader knows the writer is alive), once
 * there is a watermark; never for the end of a bounded run (a reader's own end of input says that).
 */
public final class WriterMarks extends AbstractStreamOperator<BusMessage>
    implements OneInputStreamOperator<IndicatorUpdate, BusMessage> {
  private static final long serialVersionUID = 1L;

  /** How often the marks are looked at. */
  static final long EVERY_MS = 1_000;

  /** How often a standing watermark is marked again. */
  static final long HEARTBEAT_MS = 5_000;

  /** The partition count of the bus, asked when the operator opens. */
  public interface Partitions extends IntSupplier, Serializable {}

  private final String stream;
  private final Partitions partitions;

  private transient String writer;
  private transient int count;
  private transient long watermark;
  private transient long marked;
  private transient long markedAt;

  /**
   * @param stream the job's indicator stream (each instance adds its index)
   * @param partitions the bus's partition count
   */
  public WriterMarks(String stream, Partitions partitions) {
    this.stream = stream;
    this.partitions = partitions;
  }

  @Override
  public void open() throws Exception {
    super.open();
    writer = stream + "/" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    count = partitions.getAsInt();
    watermark = Long.MIN_VALUE;
    marked = Long.MIN_VALUE;
    markedAt = Long.MIN_VALUE;
    schedule();
  }

  // Flink's timer service fails the task when a timer's callback throws
  @SuppressWarnings("FutureReturnValueIgnored")
  private void schedule() {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    getProcessingTimeService()
        .registerTimer(
            now + EVERY_MS,
            t -> {
              boolean moved = watermark > marked;
              if (watermark > Long.MIN_VALUE && (moved || t - markedAt >= HEARTBEAT_MS)) {
                for (int p = 0; p < count; p++)
                  output.collect(new StreamRecord<>(BusMessage.mark(writer, watermark, p)));
                marked = watermark;
                markedAt = t;
              }
              schedule();
            });
  }

  @Override
  public void processElement(StreamRecord<IndicatorUpdate> record) {
    output.collect(record.replace(BusMessage.update(record.getValue())));
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    if (mark.getTimestamp() < Long.MAX_VALUE) watermark = Math.max(watermark, mark.getTimestamp());
    super.processWatermark(mark);
  }
}
