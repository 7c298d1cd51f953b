package vn.ioc.alerting;

/**
 * What an {@link AlertEvent} says happened to an alert: it fired (or changed level, or escalated,
 * while firing), it was acknowledged, or it resolved. Written out as its name.
 */
public enum AlertChange {
  FIRING,
  ACKNOWLEDGED,
  RESOLVED
}
