package vn.ioc.kafka;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A {@link KafkaSource} whose bounded form also finishes after a restore.
 *
 * <p>The Kafka connector (5.0.0-2.2) never tells the readers of a bounded source restored from a
 * savepoint or retained checkpoint that no more splits will come (FLINK-31006, fixed upstream but
 * not released): the readers consume to their stopping offsets, then wait forever, and a bounded
 * recompute resumed from a savepoint never ends. When every restored split is already assigned (the
 * usual case: the readers hold them in their own state) no split can come any more, so this source
 * says so to each reader as it registers. Everything else is the connector's own.
 */
public final class FinishingKafkaSource<T>
    implements Source<T, KafkaPartitionSplit, KafkaSourceEnumState>, ResultTypeQueryable<T> {
  private static final long serialVersionUID = 1L;

  private final KafkaSource<T> kafka;

  public FinishingKafkaSource(KafkaSource<T> kafka) {
    this.kafka = kafka;
  }

  @Override
  public Boundedness getBoundedness() {
    return kafka.getBoundedness();
  }

  @Override
  public SourceReader<T, KafkaPartitionSplit> createReader(SourceReaderContext context)
      throws Exception {
    return kafka.createReader(context);
  }

  @Override
  public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> createEnumerator(
      SplitEnumeratorContext<KafkaPartitionSplit> context) throws Exception {
    return kafka.createEnumerator(context);
  }

  @Override
  public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(
      SplitEnumeratorContext<KafkaPartitionSplit> context, KafkaSourceEnumState state)
      throws Exception {
    SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restored =
        kafka.restoreEnumerator(context, state);
    boolean nothingLeftToAssign =
        state.initialDiscoveryFinished() && state.unassignedSplits().isEmpty();
    if (getBoundedness() != Boundedness.BOUNDED || !nothingLeftToAssign) return restored;
    return new NoMoreSplitsOnRegistration(restored, context);
  }

  @Override
  public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
    return kafka.getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<KafkaSourceEnumState> getEnumeratorCheckpointSerializer() {
    return kafka.getEnumeratorCheckpointSerializer();
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return kafka.getProducedType();
  }

  /** The restored enumerator, plus "no more splits" to every reader that registers. */
  private static final class NoMoreSplitsOnRegistration
      implements SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> {
    private final SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restored;
    private final SplitEnumeratorContext<KafkaPartitionSplit> context;

    NoMoreSplitsOnRegistration(
        SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restored,
        SplitEnumeratorContext<KafkaPartitionSplit> context) {
      this.restored = restored;
      this.context = context;
    }

    @Override
    public void start() {
      restored.start();
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
      restored.handleSplitRequest(subtaskId, requesterHostname);
    }

    @Override
    public void addSplitsBack(List<KafkaPartitionSplit> splits, int subtaskId) {
      restored.addSplitsBack(splits, subtaskId);
    }

    @Override
    public void addReader(int subtaskId) {
      restored.addReader(subtaskId);
      context.signalNoMoreSplits(subtaskId);
    }

    @Override
    public KafkaSourceEnumState snapshotState(long checkpointId) throws Exception {
      return restored.snapshotState(checkpointId);
    }

    @Override
    public void close() throws IOException {
      restored.close();
    }
  }
}
