package vn.ioc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.ioc.cli.ToolArgs;

/** {@code silence add}: the silence it publishes, and one line for each mistake. */
class ControlToolTest {
  static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
  static final long NOW =
      java.time.OffsetDateTime.parse("2024-05-02T08:45:00+07:00").toInstant().toEpochMilli();

  static String added(String... args) {
    ToolArgs a =
        ToolArgs.parse(
            args, Set.of("match", "for", "until", "starts", "by", "comment", "id"), Set.of());
    return ControlTool.silenceAdded(a, args, NOW, HCM).toString();
  }

  @Test
  void aSilenceIsMadeNowAndHoldsFromNowUnlessToldOtherwise() {
    assertEquals(
        "{\"id\":\"bao-tri\",\"matchers\":{\"unit\":\"000.00.04.H40\",\"rule\":\"online-rate\"},"
            + "\"startsAt\":\"2024-05-02T08:45:00.000+07:00\","
            + "\"endsAt\":\"2024-05-02T10:45:00.000+07:00\",\"createdBy\":\"ioc.truc-ban\","
            + "\"comment\":\"Bảo trì\",\"createdAt\":\"2024-05-02T08:45:00.000+07:00\"}",
        added(
            "add",
            "--match",
            "unit=000.00.04.H40",
            "--match=rule=online-rate",
            "--for",
            "2h",
            "--by",
            "ioc.truc-ban",
            "--comment",
            "Bảo trì",
            "--id",
            "bao-tri"));
    String generated =
        added(
            "add",
            "--match",
            "level=*",
            "--starts",
            "2024-05-02T08:30:00+07:00",
            "--until",
            "2024-05-02T10:00:00+07:00",
            "--by",
            "a",
            "--comment",
            "b");
    assertEquals(
        true, generated.matches("\\{\"id\":\"silence-20240502-0845-[a-z0-9]{4}\",.*"), generated);
    assertEquals(
        "{\"matchers\":{\"level\":\"*\"},"
            + "\"startsAt\":\"2024-05-02T08:30:00.000+07:00\","
            + "\"endsAt\":\"2024-05-02T10:00:00.000+07:00\",\"createdBy\":\"a\","
            + "\"comment\":\"b\",\"createdAt\":\"2024-05-02T08:45:00.000+07:00\"}",
        generated.replaceFirst("\"id\":\"[^\"]*\",", ""));
  }

  @Test
  void eachMistakeIsOneLineSayingWhatToDo() {
    String[][] wrong = {
      {"add", "--for", "2h", "--by", "a", "--comment", "b"},
      {"add", "--match", "unit", "--for", "2h", "--by", "a", "--comment", "b"},
      {"add", "--match", "unit=X", "--by", "a", "--comment", "b"},
      {"add", "--match", "unit=X", "--for", "2h", "--until", "2024-05-02T10:00:00+07:00"},
      {"add", "--match", "unit=X", "--for", "hai giờ", "--by", "a", "--comment", "b"},
      {
        "add",
        "--match",
        "unit=X",
        "--until",
        "2024-05-02T08:00:00+07:00",
        "--by",
        "a",
        "--comment",
        "b"
      },
      {"add", "--match", "unit=X", "--for", "2h"},
    };
    String[] says = {
      "a silence needs at least one --match LABEL=VALUE",
      "--match is LABEL=VALUE (rule, unit, level or a tag; VALUE * for any), not unit",
      "say how long it holds: --for 2h or --until TIME",
      "say how long it holds: --for 2h or --until TIME",
      "--for is a duration such as 30m, 2h or 1d, not hai giờ",
      "the silence ends before it starts: check --until",
      "say who silences and why: --by PERSON --comment TEXT (people read it)",
    };
    for (int i = 0; i < wrong.length; i++) {
      String[] args = wrong[i];
      assertEquals(
          says[i], assertThrows(IllegalArgumentException.class, () -> added(args)).getMessage());
    }
    assertEquals(Duration.ofMinutes(30), ControlTool.duration("30m"));
    assertEquals(Duration.ofDays(1), ControlTool.duration("1d"));
    assertEquals(Duration.ofMinutes(90), ControlTool.duration("PT1H30M"));
  }
}
