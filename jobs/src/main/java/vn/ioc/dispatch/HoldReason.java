package vn.ioc.dispatch;

/**
 * Why a notice is held back: the alert's series changes state too often, the rule is muted, a
 * silence matches the alert, or a firing alert of the same unit inhibits it. The code names the
 * counter of held notices.
 */
public enum HoldReason {
  FLAPPING("flapping"),
  MUTED("muted"),
  SILENCED("silenced"),
  INHIBITED("inhibited");

  private final String code;

  HoldReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
