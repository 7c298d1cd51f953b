package vn.ioc.submissions;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;

/**
 * The packed forms ({@link PackedSerializer}) of what the submissions job keeps and sends: counts,
 * reports (the revision ledger's state), contributions (between the scopes), windows (the rollups'
 * state) and window snapshots (to the writers). Each writes every field of its class: a new field
 * must be added here, which {@code PackedFormsTest} checks by a round trip of every field. Each
 * form's {@code Snapshot} is what a checkpoint records of it (the form has no parameters).
 */
// each form's Snapshot is Flink's name for what a checkpoint records of it
@SuppressWarnings("SameNameButDifferent")
public final class PackedForms {
  private PackedForms() {}

  public static final class CountsForm extends PackedSerializer<Counts> {
    private static final long serialVersionUID = 1L;
    public static final CountsForm INSTANCE = new CountsForm();

    public CountsForm() {
      super(Counts.class);
    }

    @Override
    void write(Counts c, DataOutputSerializer out) throws IOException {
      writeCounts(c, out);
    }

    @Override
    Counts read(DataInputView in) throws IOException {
      return readCounts(in);
    }

    @Override
    public Counts createInstance() {
      return new Counts();
    }

    @Override
    public Counts copy(Counts from) {
      return from.copy();
    }

    @Override
    public TypeSerializerSnapshot<Counts> snapshotConfiguration() {
      return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Counts> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }

    public static final class Factory extends PackedSerializer.Factory<Counts> {
      public Factory() {
        super(INSTANCE);
      }
    }
  }

  public static final class ReportForm extends PackedSerializer<SubmissionReport> {
    private static final long serialVersionUID = 1L;
    public static final ReportForm INSTANCE = new ReportForm();

    public ReportForm() {
      super(SubmissionReport.class);
    }

    @Override
    void write(SubmissionReport r, DataOutputSerializer out) throws IOException {
      StringValue.writeString(r.reportId, out);
      writeVarLong(r.revision, out);
      StringValue.writeString(r.unitCode, out);
      StringValue.writeString(r.unitName, out);
      StringValue.writeString(r.districtCode, out);
      StringValue.writeString(r.communeCode, out);
      StringValue.writeString(r.provinceCode, out);
      StringValue.writeString(r.serviceCode, out);
      out.writeLong(r.periodStart);
      out.writeLong(r.periodEnd);
      out.writeBoolean(r.hasPeriodEnd);
      writeOptionalCounts(r.counts, out);
      writeVarLong(r.sourcePartition, out);
      writeVarLong(r.sourceOffset, out);
      writeVarLong(r.sourceTimestamp, out);
    }

    @Override
    SubmissionReport read(DataInputView in) throws IOException {
      SubmissionReport r = new SubmissionReport();
      r.reportId = StringValue.readString(in);
      r.revision = readVarLong(in);
      r.unitCode = StringValue.readString(in);
      r.unitName = StringValue.readString(in);
      r.districtCode = StringValue.readString(in);
      r.communeCode = StringValue.readString(in);
      r.provinceCode = StringValue.readString(in);
      r.serviceCode = StringValue.readString(in);
      r.periodStart = in.readLong();
      r.periodEnd = in.readLong();
      r.hasPeriodEnd = in.readBoolean();
      r.counts = readOptionalCounts(in);
      r.sourcePartition = (int) readVarLong(in);
      r.sourceOffset = readVarLong(in);
      r.sourceTimestamp = readVarLong(in);
      return r;
    }

    @Override
    public SubmissionReport createInstance() {
      return new SubmissionReport();
    }

    @Override
    public SubmissionReport copy(SubmissionReport from) {
      SubmissionReport r = new SubmissionReport();
      r.reportId = from.reportId;
      r.revision = from.revision;
      r.unitCode = from.unitCode;
      r.unitName = from.unitName;
      r.districtCode = from.districtCode;
      r.communeCode = from.communeCode;
      r.provinceCode = from.provinceCode;
      r.serviceCode = from.serviceCode;
      r.periodStart = from.periodStart;
      r.periodEnd = from.periodEnd;
      r.hasPeriodEnd = from.hasPeriodEnd;
      r.counts = copyOf(from.counts);
      r.sourcePartition = from.sourcePartition;
      r.sourceOffset = from.sourceOffset;
      r.sourceTimestamp = from.sourceTimestamp;
      return r;
    }

    @Override
    public TypeSerializerSnapshot<SubmissionReport> snapshotConfiguration() {
      return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SubmissionReport> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }

    public static final class Factory extends PackedSerializer.Factory<SubmissionReport> {
      public Factory() {
        super(INSTANCE);
      }
    }
  }

  public static final class ContributionForm extends PackedSerializer<Contribution> {
    private static final long serialVersionUID = 1L;
    public static final ContributionForm INSTANCE = new ContributionForm();

    public ContributionForm() {
      super(Contribution.class);
    }

    @Override
    void write(Contribution c, DataOutputSerializer out) throws IOException {
      out.writeByte(c.scope == null ? -1 : c.scope.stateCode());
      StringValue.writeString(c.province, out);
      StringValue.writeString(c.district, out);
      StringValue.writeString(c.commune, out);
      StringValue.writeString(c.unit, out);
      StringValue.writeString(c.service, out);
      out.writeByte(c.level);
      out.writeLong(c.windowStart);
      writeOptionalCounts(c.delta, out);
      out.writeLong(c.asOf);
      out.writeBoolean(c.decreased);
    }

    @Override
    Contribution read(DataInputView in) throws IOException {
      Contribution c = new Contribution();
      int scope = in.readByte();
      c.scope = scope < 0 ? null : Scope.ofStateCode(scope);
      c.province = StringValue.readString(in);
      c.district = StringValue.readString(in);
      c.commune = StringValue.readString(in);
      c.unit = StringValue.readString(in);
      c.service = StringValue.readString(in);
      c.level = in.readByte();
      c.windowStart = in.readLong();
      c.delta = readOptionalCounts(in);
      c.asOf = in.readLong();
      c.decreased = in.readBoolean();
      return c;
    }

    @Override
    public Contribution createInstance() {
      return new Contribution();
    }

    @Override
    public Contribution copy(Contribution from) {
      Contribution c = new Contribution();
      c.scope = from.scope;
      c.province = from.province;
      c.district = from.district;
      c.commune = from.commune;
      c.unit = from.unit;
      c.service = from.service;
      c.level = from.level;
      c.windowStart = from.windowStart;
      c.delta = copyOf(from.delta);
      c.asOf = from.asOf;
      c.decreased = from.decreased;
      return c;
    }

    @Override
    public TypeSerializerSnapshot<Contribution> snapshotConfiguration() {
      return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Contribution> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }

    public static final class Factory extends PackedSerializer.Factory<Contribution> {
      public Factory() {
        super(INSTANCE);
      }
    }
  }

  public static final class WindowForm extends PackedSerializer<WindowBucket> {
    private static final long serialVersionUID = 1L;
    public static final WindowForm INSTANCE = new WindowForm();

    public WindowForm() {
      super(WindowBucket.class);
    }

    @Override
    void write(WindowBucket b, DataOutputSerializer out) throws IOException {
      out.writeByte(
          (b.changed ? 1 : 0)
              | (b.finalWritten ? 2 : 0)
              | (b.decreased ? 4 : 0)
              | (b.pendingUp != null ? 8 : 0)
              | (b.pendingOut != null ? 16 : 0));
      writeCounts(b.value, out);
      if (b.pendingUp != null) writeCounts(b.pendingUp, out);
      if (b.pendingOut != null) writeCounts(b.pendingOut, out);
      writeVarLong(b.asOf, out);
      out.writeByte(b.writtenRates);
      writeVarLong(b.writtenIncarnation, out);
      writeVarLong(b.lastWriteProcessingTime, out);
    }

    @Override
    WindowBucket read(DataInputView in) throws IOException {
      WindowBucket b = new WindowBucket();
      int flags = in.readByte();
      b.changed = (flags & 1) != 0;
      b.finalWritten = (flags & 2) != 0;
      b.decreased = (flags & 4) != 0;
      b.value = readCounts(in);
      if ((flags & 8) != 0) b.pendingUp = readCounts(in);
      if ((flags & 16) != 0) b.pendingOut = readCounts(in);
      b.asOf = readVarLong(in);
      b.writtenRates = in.readByte();
      b.writtenIncarnation = readVarLong(in);
      b.lastWriteProcessingTime = readVarLong(in);
      return b;
    }

    @Override
    public WindowBucket createInstance() {
      return new WindowBucket();
    }

    @Override
    public WindowBucket copy(WindowBucket from) {
      WindowBucket b = new WindowBucket();
      b.value = copyOf(from.value);
      b.pendingUp = copyOf(from.pendingUp);
      b.pendingOut = copyOf(from.pendingOut);
      b.asOf = from.asOf;
      b.changed = from.changed;
      b.finalWritten = from.finalWritten;
      b.writtenRates = from.writtenRates;
      b.writtenIncarnation = from.writtenIncarnation;
      b.lastWriteProcessingTime = from.lastWriteProcessingTime;
      b.decreased = from.decreased;
      return b;
    }

    @Override
    public TypeSerializerSnapshot<WindowBucket> snapshotConfiguration() {
      return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<WindowBucket> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }

    public static final class Factory extends PackedSerializer.Factory<WindowBucket> {
      public Factory() {
        super(INSTANCE);
      }
    }
  }

  public static final class SnapshotForm extends PackedSerializer<WindowSnapshot> {
    private static final long serialVersionUID = 1L;
    public static final SnapshotForm INSTANCE = new SnapshotForm();

    public SnapshotForm() {
      super(WindowSnapshot.class);
    }

    @Override
    void write(WindowSnapshot s, DataOutputSerializer out) throws IOException {
      out.writeByte(s.scope == null ? -1 : s.scope.stateCode());
      StringValue.writeString(s.window, out);
      StringValue.writeString(s.province, out);
      StringValue.writeString(s.district, out);
      StringValue.writeString(s.commune, out);
      StringValue.writeString(s.unit, out);
      StringValue.writeString(s.service, out);
      out.writeLong(s.windowStart);
      out.writeLong(s.windowEnd);
      writeOptionalCounts(s.counts, out);
      out.writeLong(s.asOf);
      out.writeByte((s.isFinal ? 1 : 0) | (s.replace ? 2 : 0));
    }

    @Override
    WindowSnapshot read(DataInputView in) throws IOException {
      WindowSnapshot s = new WindowSnapshot();
      int scope = in.readByte();
      s.scope = scope < 0 ? null : Scope.ofStateCode(scope);
      s.window = StringValue.readString(in);
      s.province = StringValue.readString(in);
      s.district = StringValue.readString(in);
      s.commune = StringValue.readString(in);
      s.unit = StringValue.readString(in);
      s.service = StringValue.readString(in);
      s.windowStart = in.readLong();
      s.windowEnd = in.readLong();
      s.counts = readOptionalCounts(in);
      s.asOf = in.readLong();
      int flags = in.readByte();
      s.isFinal = (flags & 1) != 0;
      s.replace = (flags & 2) != 0;
      return s;
    }

    @Override
    public WindowSnapshot createInstance() {
      return new WindowSnapshot();
    }

    @Override
    public WindowSnapshot copy(WindowSnapshot from) {
      WindowSnapshot s = new WindowSnapshot();
      s.scope = from.scope;
      s.window = from.window;
      s.province = from.province;
      s.district = from.district;
      s.commune = from.commune;
      s.unit = from.unit;
      s.service = from.service;
      s.windowStart = from.windowStart;
      s.windowEnd = from.windowEnd;
      s.counts = copyOf(from.counts);
      s.asOf = from.asOf;
      s.isFinal = from.isFinal;
      s.replace = from.replace;
      return s;
    }

    @Override
    public TypeSerializerSnapshot<WindowSnapshot> snapshotConfiguration() {
      return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<WindowSnapshot> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }

    public static final class Factory extends PackedSerializer.Factory<WindowSnapshot> {
      public Factory() {
        super(INSTANCE);
      }
    }
  }
}
