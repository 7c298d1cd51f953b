package vn.ioc.clock;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import vn.ioc.calendar.Rfc3339;
import vn.ioc.feed.ContractText;
import vn.ioc.feed.ContractViolation;

/**
 * When a control input (a rule, a silence, their deletion) was made, in engine time: the Kafka
 * header {@value #HEADER} (RFC 3339), which {@code deploy/ioc rules publish|delete} and {@code
 * deploy/ioc silence} write with the engine's "now". A control input takes effect from it; one
 * without it, from the start of time (a silence: from its own {@code startsAt}). The record's Kafka
 * timestamp is never used: it is not engine time.
 */
public final class ControlStamp {
  private ControlStamp() {}

  public static final String HEADER = "created-at";

  /** The stamp of a record's headers, or {@link Versions#UNSTAMPED}. */
  public static long of(Headers headers) throws ContractViolation {
    Header h = headers == null ? null : headers.lastHeader(HEADER);
    if (h == null || h.value() == null) return Versions.UNSTAMPED;
    String s = new String(h.value(), StandardCharsets.UTF_8);
    long t = ContractText.parseRfc3339Millis(s.toCharArray(), 0, s.length());
    if (t == ContractText.ABSENT)
      throw new ContractViolation(
          "bad-stamp",
          "the header "
              + HEADER
              + " must be an RFC 3339 time with offset, such as 2025-07-01T10:05:00+07:00, not '"
              + s
              + "'");
    return t;
  }

  /** The header's value for engine time {@code t}. */
  public static byte[] value(long t, ZoneId zone) {
    return Rfc3339.format(t, zone).getBytes(StandardCharsets.UTF_8);
  }
}
