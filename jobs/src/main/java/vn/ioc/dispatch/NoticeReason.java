package vn.ioc.dispatch;

/**
 * Why a recipient hears about an alert. Declared in the order of precedence: when a notice is held
 * and another comes due, the later-declared one is owed (a reminder gives way to an escalation, any
 * notice to the resolution). The code is what the outbox and {@code alert_notifications} carry.
 */
public enum NoticeReason {
  REMINDER("reminder", "nhắc lại"),
  FIRING("firing", "cảnh báo"),
  ESCALATION("escalation", "leo thang"),
  RESOLVED("resolved", "hết cảnh báo"),

  /**
   * A section of a periodic report ({@code vn.ioc.alerting.weekly}), not an alert: never held or
   * owed by the dispatch, so its place in the precedence does not matter (last, so a savepoint's
   * reasons keep their order).
   */
  REPORT("report", "báo cáo");

  private final String code;
  private final String name;

  NoticeReason(String code, String name) {
    this.code = code;
    this.name = name;
  }

  /**
   * As written out: {@code firing}, {@code reminder}, {@code escalation}, {@code resolved}, {@code
   * report}.
   */
  public String code() {
    return code;
  }

  /** As a leader reads it in an alert's story: "nhắc lại". */
  public String vietnamese() {
    return name;
  }

  /** The code, so a reason reads in text as it is written out. */
  @Override
  public String toString() {
    return code;
  }

  /** Every reason's code. */
  public static java.util.Set<String> codes() {
    return java.util.Arrays.stream(values())
        .map(NoticeReason::code)
        .collect(java.util.stream.Collectors.toSet());
  }

  /** The reason written as {@code code}, or null when no reason is. */
  public static NoticeReason ofCode(String code) {
    for (NoticeReason r : values()) if (r.code.equals(code)) return r;
    return null;
  }
}
