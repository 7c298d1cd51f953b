package vn.ioc.config;

/** The setting {@code clock}: how "now" is known. */
public enum ClockKind {
  WALL,
  TICKS;

  public static ClockKind parse(String s) {
    return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "wall" -> WALL;
      case "ticks" -> TICKS;
      default ->
          throw new IllegalArgumentException(
              "clock must be 'wall' (production: the wall clock) or 'ticks' (a simulated"
                  + " clock: the newest tick on the clock topic), not '"
                  + s
                  + "'");
    };
  }
}
