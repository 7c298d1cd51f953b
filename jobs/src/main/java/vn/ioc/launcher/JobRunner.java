package vn.ioc.launcher;

/** Placeholder until written. */
public final class JobRunner {
  public static void main(String[] args) throws Exception {
    throw new UnsupportedOperationException("not written yet");
  }
}
