package vn.ioc.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import vn.ioc.submissions.SubmissionDecoder;

/**
 * The ways a simulated reporting system breaks the contract, each with the dead-letter reason the
 * job's decoder gives it. A garbled message is a copy of a good report, changed in one way.
 */
enum Malformation {
  CUT_SHORT(SubmissionDecoder.BAD_JSON),
  COUNT_AS_TEXT(SubmissionDecoder.WRONG_TYPE),
  NEGATIVE_COUNT(SubmissionDecoder.OUT_OF_RANGE),
  NO_SERVICE_CODE(SubmissionDecoder.MISSING_FIELD),
  LOCAL_TIME_WITHOUT_OFFSET(SubmissionDecoder.BAD_TIMESTAMP),
  PERIOD_BACKWARDS(SubmissionDecoder.BAD_PERIOD),
  MORE_FULLY_ONLINE_THAN_ONLINE(SubmissionDecoder.INCONSISTENT_COUNTS);

  final String reason;

  Malformation(String reason) {
    this.reason = reason;
  }

  /** The garbled message; {@code m} is a copy of a good report and may be changed. */
  String garble(ObjectNode m) {
    ObjectNode received = (ObjectNode) m.get("received");
    switch (this) {
      case CUT_SHORT -> {
        String line = m.toString();
        return line.substring(0, line.length() / 2);
      }
      case COUNT_AS_TEXT -> received.put("online", "năm");
      case NEGATIVE_COUNT -> received.put("direct", -1);
      case NO_SERVICE_CODE -> m.remove("serviceCode");
      case LOCAL_TIME_WITHOUT_OFFSET ->
          m.put("periodStart", m.get("periodStart").asText().substring(0, 19).replace('T', ' '));
      case PERIOD_BACKWARDS -> {
        OffsetDateTime start = OffsetDateTime.parse(m.get("periodStart").asText());
        m.put("periodEnd", Simulation.RFC3339.format(start.minusHours(1)));
      }
      case MORE_FULLY_ONLINE_THAN_ONLINE ->
          m.put("fullyOnline", received.get("online").asInt() + 1);
    }
    return m.toString();
  }
}
