package vn.ioc.alerting;

/**
 * Where one rule stands on one series: nothing beyond a threshold, beyond one for less than the
 * rule's {@code pendingFor}, or firing.
 */
public enum AlertPhase {
  OK,
  PENDING,
  FIRING
}
