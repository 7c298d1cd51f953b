package vn.ioc.simulator;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A simulated feed in arrival order that can carry on after a {@link Simulation.Position}: the
 * messages up to and including the position are generated again (the simulation is deterministic)
 * but not handed out.
 */
abstract class PositionedFeed implements Iterator<Emission> {
  private final Simulation.Position after;
  private Emission next;

  PositionedFeed(Simulation.Position after) {
    this.after = after;
  }

  /** The next message in arrival order, or null at the end. */
  protected abstract Emission advance();

  @Override
  public final boolean hasNext() {
    while (next == null) {
      Emission e = advance();
      if (e == null) return false;
      if (after == null
          || e.arrival() > after.arrival()
          || (e.arrival() == after.arrival() && e.line().compareTo(after.line()) > 0)) {
        next = e;
      }
    }
    return true;
  }

  @Override
  public final Emission next() {
    if (!hasNext()) throw new NoSuchElementException();
    Emission e = next;
    next = null;
    return e;
  }
}
