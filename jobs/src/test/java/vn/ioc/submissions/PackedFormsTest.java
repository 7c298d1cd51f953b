package vn.ioc.submissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.ioc.feed.Decoded;

class PackedFormsTest {

  static Stream<Class<?>> packedTypes() {
    return Stream.of(
        Counts.class,
        SubmissionReport.class,
        Contribution.class,
        WindowBucket.class,
        WindowSnapshot.class);
  }

  /**
   * Every field of the class, set to a value unlike its default, comes back from both kinds of
   * target (an operator's buffer, a checkpoint stream) and from {@code copy}: a field added to the
   * class but not to its form fails here.
   */
  @ParameterizedTest
  @MethodSource("packedTypes")
  <T> void everyFieldRoundTrips(Class<T> type) throws Exception {
    TypeSerializer<T> serializer = serializer(type);
    for (int variant = 0; variant < 3; variant++) {
      T value = filled(type, variant);
      assertSameFields(value, viaBuffer(serializer, value));
      assertSameFields(value, viaStream(serializer, value));
      T copy = serializer.copy(value);
      assertNotSame(value, copy);
      assertSameFields(value, copy);
    }
  }

  @Test
  void theCodesTheFormsWriteAreFixed() {
    // a checkpoint holds these numbers: a scope added later takes a new code, never an old one
    assertEquals(
        List.of("UNIT_SERVICE=0", "UNIT=1", "DISTRICT=2", "COMMUNE=4", "PROVINCE=3"),
        Stream.of(Scope.values()).map(s -> s + "=" + s.stateCode()).toList());
    for (Scope s : Scope.values()) assertEquals(s, Scope.ofStateCode(s.stateCode()));
    // a window level is stored as its rank, finest first
    assertEquals(
        List.of("MINUTE=0", "HOUR=1", "DAY=2", "MONTH=3"),
        Stream.of(vn.ioc.calendar.WindowLevel.values()).map(l -> l + "=" + l.ordinal()).toList());
  }

  @Test
  void nullsAndEmptyCountsRoundTrip() throws Exception {
    Contribution c = new Contribution();
    Contribution back = viaStream(serializer(Contribution.class), c);
    assertNull(back.scope);
    assertNull(back.province);
    assertNull(back.delta);
    Counts zero = viaBuffer(serializer(Counts.class), new Counts());
    assertEquals(new Counts(), zero);
  }

  @Test
  void countsOfAFewApplicationsTakeAFewBytes() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(16);
    serializer(Counts.class).serialize(new Counts(3, 1, 0, 2, 0, -1), out);
    assertEquals(5, out.length()); // the mask, then four one-byte values
    out.clear();
    serializer(Counts.class).serialize(new Counts(), out);
    assertEquals(1, out.length());
  }

  @Test
  void extremeLongsRoundTrip() throws Exception {
    long[] values = {
      0, 1, -1, 63, 64, -64, -65, Long.MAX_VALUE, Long.MIN_VALUE, 1_700_000_000_000L
    };
    for (long v : values) {
      Counts c = new Counts(v, -v, v, 0, v, 1);
      assertEquals(c, viaStream(serializer(Counts.class), c), "value " + v);
    }
  }

  @Test
  void theJobsTypesUseThePackedForms() {
    for (Class<?> type : packedTypes().toList())
      assertEquals("Packed<" + type.getSimpleName() + ">", TypeInformation.of(type).toString());
    // inside a POJO too: the decoded report the source hands on
    PojoTypeInfo<?> decoded = (PojoTypeInfo<?>) SubmissionsJob.DECODED_TYPE;
    assertEquals(Decoded.class, decoded.getTypeClass());
    assertTrue(
        decoded.toString().contains("Packed<SubmissionReport>"),
        "the report field is packed: " + decoded);
  }

  @Test
  void aCheckpointedFormRestoresAsCompatible() throws Exception {
    for (Class<?> type : packedTypes().toList()) {
      TypeSerializer<?> serializer = serializer(type);
      TypeSerializerSnapshot<?> snapshot = serializer.snapshotConfiguration();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      TypeSerializerSnapshot.writeVersionedSnapshot(
          new DataOutputViewStreamWrapper(bytes), snapshot);
      TypeSerializerSnapshot<?> restored =
          TypeSerializerSnapshot.readVersionedSnapshot(
              new DataInputViewStreamWrapper(new ByteArrayInputStream(bytes.toByteArray())),
              getClass().getClassLoader());
      assertEquals(serializer.getClass(), restored.restoreSerializer().getClass());
      assertTrue(compatible(serializer, restored), type + " restores as it was written");
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static boolean compatible(TypeSerializer<?> serializer, TypeSerializerSnapshot restored) {
    return serializer
        .snapshotConfiguration()
        .resolveSchemaCompatibility((TypeSerializerSnapshot) restored)
        .isCompatibleAsIs();
  }

  @SuppressWarnings("unchecked")
  static <T> TypeSerializer<T> serializer(Class<T> type) {
    return TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
  }

  static <T> T viaBuffer(TypeSerializer<T> s, T value) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(16);
    s.serialize(value, out);
    out.writeInt(0x5EED); // the next record's bytes must not be read
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    T back = s.deserialize(in);
    assertEquals(0x5EED, in.readInt());
    return back;
  }

  static <T> T viaStream(TypeSerializer<T> s, T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputViewStreamWrapper out = new DataOutputViewStreamWrapper(bytes);
    s.serialize(value, out);
    out.writeInt(0x5EED);
    DataInputViewStreamWrapper in =
        new DataInputViewStreamWrapper(new ByteArrayInputStream(bytes.toByteArray()));
    T back = s.deserialize(in);
    assertEquals(0x5EED, in.readInt());
    return back;
  }

  /** An instance with every instance field set, differently per variant. */
  static <T> T filled(Class<T> type, int variant) throws Exception {
    T value = type.getDeclaredConstructor().newInstance();
    int i = 0;
    for (Field f : fields(type)) {
      i++;
      Class<?> t = f.getType();
      long n = (variant == 2 ? -1L : 1L) * (variant * 1_000_003L + i * 7L);
      Object v;
      if (t == long.class) v = variant == 1 && i % 2 == 0 ? Long.MIN_VALUE + i : n;
      else if (t == int.class) v = (int) (variant == 1 ? -1 : n % 100);
      else if (t == boolean.class) v = (variant + i) % 2 == 0;
      else if (t == String.class) v = variant == 1 ? null : "Sở Tư pháp, " + f.getName() + n;
      else if (t == Counts.class) v = variant == 1 ? null : new Counts(n, 2, 0, -n, 5, 0);
      else if (t == Scope.class) v = Scope.values()[(variant + i) % Scope.values().length];
      else throw new AssertionError("no value for a field of type " + t);
      // a window's value is never absent
      if (variant == 1 && type == WindowBucket.class && f.getName().equals("value"))
        v = new Counts();
      if (f.getName().equals("level")) v = variant + 1;
      if (f.getName().equals("writtenRates")) v = variant - 1;
      f.set(value, v);
    }
    return value;
  }

  static void assertSameFields(Object expected, Object actual) throws Exception {
    for (Field f : fields(expected.getClass()))
      assertEquals(
          f.get(expected), f.get(actual), expected.getClass().getSimpleName() + "." + f.getName());
  }

  static List<Field> fields(Class<?> type) {
    List<Field> out = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      int m = f.getModifiers();
      if (Modifier.isStatic(m) || Modifier.isTransient(m)) continue;
      f.setAccessible(true);
      out.add(f);
    }
    return out;
  }
}
