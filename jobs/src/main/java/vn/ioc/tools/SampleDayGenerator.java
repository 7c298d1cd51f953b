package vn.ioc.tools;

/** Placeholder until written. */
public final class SampleDayGenerator {
  public static void main(String[] args) throws Exception {
    throw new UnsupportedOperationException("not written yet");
  }
}
