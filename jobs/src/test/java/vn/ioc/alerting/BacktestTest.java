package vn.ioc.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.ioc.tools.ProjectFiles;

/** {@code rules test}: a recorded morning of two agencies through the default-style rule. */
class BacktestTest {
  static final Path FIXTURES =
      ProjectFiles.root().resolve("jobs/src/test/resources/fixtures/alerting");

  @Test
  void printsTheAlertsTheRuleWouldHaveRaised() throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit =
          RulesTool.test(
              new String[] {
                "test",
                FIXTURES.resolve("online-rate.yaml").toString(),
                FIXTURES.resolve("indicators-day.jsonl").toString(),
                "--until",
                "2024-10-15T12:00:00+07:00"
              });
    } finally {
      System.setOut(stdout);
    }
    assertEquals(0, exit);
    String u1 = "service_rates,province=40,scope=unit,unit=U1,window=1d";
    String u2 = "service_rates,province=40,scope=unit,unit=U2,window=1d";
    assertEquals(
        List.of(
            "2024-10-15T09:30:00.000+07:00 FIRING warning online-rate-today "
                + u1
                + " value 43.75 threshold 50.0 since 2024-10-15T09:00:00.000+07:00",
            "2024-10-15T10:00:00.000+07:00 FIRING critical online-rate-today "
                + u1
                + " value 27.5 threshold 30.0 since 2024-10-15T09:00:00.000+07:00",
            // U2 sent nothing after 08:05: silent for two hours of the clock (U1's updates)
            "2024-10-15T10:05:00.000+07:00 FIRING nodata online-rate-today "
                + u2
                + " since 2024-10-15T10:05:00.000+07:00",
            "2024-10-15T11:00:00.000+07:00 RESOLVED critical online-rate-today "
                + u1
                + " value 55.0 threshold 35.0 since 2024-10-15T09:00:00.000+07:00"),
        bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }
}
