package vn.ioc.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Where a run may carry on: only past messages Kafka has, all of them before it included. */
class AcknowledgementsTest {
  static Emission emission(int i) {
    return new Emission(i, "line " + i, Emission.Kind.REPORT, null);
  }

  @Test
  void theRunCarriesOnAfterTheNewestMessageAcknowledgedWithAllBeforeIt() {
    Acknowledgements a = new Acknowledgements();
    Acknowledgements.Sent first = a.sent(emission(1));
    Acknowledgements.Sent second = a.sent(emission(2));
    Acknowledgements.Sent third = a.sent(emission(3));
    assertNull(a.last());
    assertEquals(3, a.waiting());

    // another partition answers first: the second and third are in, the first is not yet
    a.acknowledged(third);
    a.acknowledged(second);
    assertNull(a.last(), "the first message may still be lost");
    assertEquals(2, a.count());

    a.acknowledged(first);
    assertEquals("line 3", a.last().line());
    assertEquals(0, a.waiting());
    assertEquals(3, a.count());

    Acknowledgements.Sent fourth = a.sent(emission(4));
    assertEquals("line 3", a.last().line());
    a.acknowledged(fourth);
    assertEquals("line 4", a.last().line());
  }
}
