package vn.ioc.dispatch;

/**
 * Why a recipient hears about an alert. Declared in the order of precedence: when a notice is held
 * and another comes due, the later-declared one is owed (a reminder gives way to an escalation, any
 * notice to the resolution). The code is what the outbox and {@code alert_notifications} carry.
 */
public enum NoticeReason {
  REMINDER("reminder", "nhắc lại", "cảnh báo nhắc lại"),
  FIRING("firing", "cảnh báo", "cảnh báo mới"),
  ESCALATION("escalation", "leo thang", "cảnh báo chuyển lên"),
  RESOLVED("resolved", "hết cảnh báo", "cảnh báo đã hết");

  private final String code;
  private final String name;
  private final String counted;

  NoticeReason(String code, String name, String counted) {
    this.code = code;
    this.name = name;
    this.counted = counted;
  }

  /** As written out: {@code firing}, {@code reminder}, {@code escalation}, {@code resolved}. */
  public String code() {
    return code;
  }

  /** As a leader reads it in an alert's story: "nhắc lại". */
  public String vietnamese() {
    return name;
  }

  /** After a count in a digest's subject: "2 cảnh báo nhắc lại". */
  String counted() {
    return counted;
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
