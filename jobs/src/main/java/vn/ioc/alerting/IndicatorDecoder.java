package vn.ioc.alerting;

import java.io.IOException;
import vn.ioc.feed.ContractViolation;
import vn.ioc.feed.Decoder;
import vn.ioc.indicators.IndicatorJson;

/** Reads {@code ioc.indicators} ({@code schemas/indicator.schema.json}) for the alerting job. */
public final class IndicatorDecoder implements Decoder<Observed> {
  private static final long serialVersionUID = 1L;

  @Override
  public Observed decode(byte[] payload) throws ContractViolation {
    try {
      return Observed.of(IndicatorJson.decode(payload));
    } catch (IOException | RuntimeException e) {
      throw new ContractViolation("bad-json", String.valueOf(e.getMessage()));
    }
  }
}
