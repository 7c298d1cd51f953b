package vn.ioc.submissions;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A hand-written binary form for a record the submissions job keeps in state or sends between its
 * operators, in place of Flink's reflective POJO serializer: counts as variable-length integers
 * behind a bit mask of those that are not zero, and each record written to its target in one piece.
 * The job's state is mostly windows and reports of a few applications, and with the heap state
 * backend every checkpoint writes all of it, so its size and the cost of writing it set much of the
 * job's rate (docs/benchmarks.md).
 *
 * <p>A type uses its serializer through {@link org.apache.flink.api.common.typeinfo.TypeInfo} on
 * the class. Changing a form changes the state's layout: a savepoint taken before does not restore.
 */
public abstract class PackedSerializer<T> extends TypeSerializerSingleton<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;

  protected PackedSerializer(Class<T> type) {
    this.type = type;
  }

  abstract void write(T value, DataOutputSerializer out) throws IOException;

  abstract T read(DataInputView in) throws IOException;

  @Override
  public final void serialize(T value, DataOutputView target) throws IOException {
    if (target instanceof DataOutputSerializer direct) {
      write(value, direct); // between operators: an in-memory buffer already
      return;
    }
    // into a checkpoint stream: one write instead of one per field
    DataOutputSerializer buffer = new DataOutputSerializer(128);
    write(value, buffer);
    target.write(buffer.getSharedBuffer(), 0, buffer.length());
  }

  @Override
  public final T deserialize(DataInputView source) throws IOException {
    return read(source);
  }

  @Override
  public final T deserialize(T reuse, DataInputView source) throws IOException {
    return read(source);
  }

  @Override
  public final T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public final void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(read(source), target);
  }

  @Override
  public final boolean isImmutableType() {
    return false;
  }

  @Override
  public final int getLength() {
    return -1;
  }

  /** The type information that hands out this serializer. */
  public final TypeInformation<T> typeInfo() {
    return new Info<>(type, this);
  }

  // --- the parts every form shares ---

  /** A signed long in 1 to 10 bytes (zigzag, 7 bits a byte): small counts take one byte. */
  static void writeVarLong(long v, DataOutputSerializer out) throws IOException {
    long z = (v << 1) ^ (v >> 63);
    while ((z & ~0x7FL) != 0) {
      out.writeByte((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    out.writeByte((int) z);
  }

  static long readVarLong(DataInputView in) throws IOException {
    long z = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.readByte();
      z |= (long) (b & 0x7F) << shift;
      if (b >= 0) return (z >>> 1) ^ -(z & 1);
    }
    throw new IOException("malformed variable-length integer");
  }

  /** Counts: a mask of the fields that are not zero, then those fields. */
  static void writeCounts(Counts c, DataOutputSerializer out) throws IOException {
    int mask =
        (c.online != 0 ? 1 : 0)
            | (c.direct != 0 ? 2 : 0)
            | (c.postal != 0 ? 4 : 0)
            | (c.fullyOnline != 0 ? 8 : 0)
            | (c.resolvedOnTime != 0 ? 16 : 0)
            | (c.resolvedLate != 0 ? 32 : 0);
    out.writeByte(mask);
    if (c.online != 0) writeVarLong(c.online, out);
    if (c.direct != 0) writeVarLong(c.direct, out);
    if (c.postal != 0) writeVarLong(c.postal, out);
    if (c.fullyOnline != 0) writeVarLong(c.fullyOnline, out);
    if (c.resolvedOnTime != 0) writeVarLong(c.resolvedOnTime, out);
    if (c.resolvedLate != 0) writeVarLong(c.resolvedLate, out);
  }

  static Counts readCounts(DataInputView in) throws IOException {
    int mask = in.readByte();
    Counts c = new Counts();
    if ((mask & 1) != 0) c.online = readVarLong(in);
    if ((mask & 2) != 0) c.direct = readVarLong(in);
    if ((mask & 4) != 0) c.postal = readVarLong(in);
    if ((mask & 8) != 0) c.fullyOnline = readVarLong(in);
    if ((mask & 16) != 0) c.resolvedOnTime = readVarLong(in);
    if ((mask & 32) != 0) c.resolvedLate = readVarLong(in);
    return c;
  }

  /** Counts that may be absent. */
  static void writeOptionalCounts(Counts c, DataOutputSerializer out) throws IOException {
    out.writeBoolean(c != null);
    if (c != null) writeCounts(c, out);
  }

  static Counts readOptionalCounts(DataInputView in) throws IOException {
    return in.readBoolean() ? readCounts(in) : null;
  }

  static Counts copyOf(Counts c) {
    return c == null ? null : c.copy();
  }

  /** Type information for a packed type: Flink's type system sees one opaque field. */
  static final class Info<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final PackedSerializer<T> serializer;

    Info(Class<T> type, PackedSerializer<T> serializer) {
      this.type = type;
      this.serializer = serializer;
    }

    @Override
    public boolean isBasicType() {
      return false;
    }

    @Override
    public boolean isTupleType() {
      return false;
    }

    @Override
    public int getArity() {
      return 1;
    }

    @Override
    public int getTotalFields() {
      return 1;
    }

    @Override
    public Class<T> getTypeClass() {
      return type;
    }

    @Override
    public boolean isKeyType() {
      return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
      return serializer;
    }

    @Override
    public String toString() {
      return "Packed<" + type.getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Info<?> i && i.type == type;
    }

    @Override
    public int hashCode() {
      return type.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
      return o instanceof Info;
    }
  }

  /** Base of the factories that {@code @TypeInfo} names. */
  abstract static class Factory<T> extends TypeInfoFactory<T> {
    private final PackedSerializer<T> serializer;

    Factory(PackedSerializer<T> serializer) {
      this.serializer = serializer;
    }

    @Override
    public TypeInformation<T> createTypeInfo(
        Type t, Map<String, TypeInformation<?>> genericParameters) {
      return serializer.typeInfo();
    }
  }
}
