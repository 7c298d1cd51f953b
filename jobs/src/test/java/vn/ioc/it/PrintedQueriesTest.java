package vn.ioc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import vn.ioc.bench.SubmissionsBenchmark;
import vn.ioc.cli.ToolArgs;
import vn.ioc.tools.ProjectFiles;

class PrintedQueriesTest {
  private static final Path PROJECT = ProjectFiles.root();

  @Test
  void unescapesTheDemosConsoleLine() {
    String console =
        "demo: Indicators are in InfluxDB database ioc; in another terminal, try:\n"
            + "  deploy/ioc influx -precision rfc3339 -execute \"SELECT received FROM service_rates"
            + " WHERE scope = 'province' AND \\\"window\\\" = '1d' tz('Asia/Ho_Chi_Minh')\"\n"
            + "demo: Ctrl-C stops it cleanly; the next 'deploy/ioc demo' carries on from there.\n";
    String query =
        "SELECT received FROM service_rates WHERE scope = 'province' AND \"window\" = '1d'"
            + " tz('Asia/Ho_Chi_Minh')";
    assertEquals(
        List.of(
            new PrintedQueries.Printed(
                "demo", query, List.of("influx", "-precision", "rfc3339", "-execute", query))),
        PrintedQueries.inConsole("demo", console));
  }

  @Test
  void splitsShellWordsAsTheShellDoes() {
    assertEquals(
        List.of("influx", "-execute", "DROP DATABASE \"x\" $y", "a b", "c\"d"),
        PrintedQueries.shellWords(
            "  influx -execute 'DROP DATABASE \"x\" $y' a\\ b \"c\\\"d\"   # a comment"));
    assertEquals(List.of("a\\b"), PrintedQueries.shellWords("\"a\\b\""));
    assertThrows(IllegalArgumentException.class, () -> PrintedQueries.shellWords("echo \"$x\""));
    assertThrows(IllegalArgumentException.class, () -> PrintedQueries.shellWords("echo 'x"));
  }

  @Test
  void readsSqlStatementsAndInfluxLinesOfMarkdown() {
    String md =
        """
        Text with SELECT nothing.
        ```sql
        -- one
        SELECT a FROM m
          WHERE b = 'c'
        SHOW MEASUREMENTS

        -- two
        SELECT d FROM n
        ```
        ```bash
        deploy/ioc influx -execute 'SELECT e FROM o'   # a comment
        deploy/ioc bench --job=progress   # not a query
        ```
        ```
        deploy/ioc influx -execute 'SELECT f FROM p'
        ```
        """;
    assertEquals(
        List.of(
            new PrintedQueries.Printed(
                "x.md",
                "SELECT a FROM m WHERE b = 'c'",
                sqlCommand("SELECT a FROM m WHERE b = 'c'")),
            new PrintedQueries.Printed(
                "x.md", "SHOW MEASUREMENTS", sqlCommand("SHOW MEASUREMENTS")),
            new PrintedQueries.Printed("x.md", "SELECT d FROM n", sqlCommand("SELECT d FROM n")),
            new PrintedQueries.Printed(
                "x.md", "SELECT e FROM o", List.of("influx", "-execute", "SELECT e FROM o"))),
        PrintedQueries.inMarkdown("x.md", md));
    assertEquals(
        List.of(new PrintedQueries.Command("x.md", List.of("bench", "--job=progress"))),
        PrintedQueries.commandsInMarkdown("x.md", md));
  }

  @Test
  void findsTheQueriesOfQueryingMd() throws Exception {
    List<PrintedQueries.Printed> queries =
        PrintedQueries.inMarkdown(
            "docs/querying.md", Files.readString(PROJECT.resolve("docs/querying.md")));
    assertEquals(6, queries.size());
    String first =
        "SELECT online_rate_pct, received FROM service_rates WHERE scope = 'province'"
            + " AND \"window\" = '1d' ORDER BY time DESC LIMIT 1";
    assertEquals(
        new PrintedQueries.Printed("docs/querying.md", first, sqlCommand(first)), queries.get(0));
  }

  @Test
  void findsTheQueriesOfEveryDocument() {
    Map<String, Integer> perDocument = new TreeMap<>();
    for (PrintedQueries.Printed p : PrintedQueries.inDocs(PROJECT))
      perDocument.merge(p.source(), 1, Integer::sum);
    assertEquals(Map.of("docs/alerting.md", 2, "docs/querying.md", 6), perDocument);
  }

  @Test
  void findsTheOtherCommandsOfEveryDocument() {
    assertEquals(
        List.of(
            "README.md: demo",
            "README.md: test",
            "docs/benchmarks.md: bench",
            "docs/benchmarks.md: bench --messages=2000000 --live-seconds=120 --live-rate=10000",
            "docs/benchmarks.md: bench --only=engine --checkpoint-interval=5s",
            "docs/benchmarks.md: bench --job=progress",
            "docs/benchmarks.md: bench --job=progress --only=engine",
            "docs/benchmarks.md: bench --job=alerting",
            "docs/benchmarks.md: bench --job=alerting --only=engine",
            "docs/querying.md: export service_rates --scope commune --period quarter --from"
                + " 2026-01-01 --to 2026-12-31 --out communes-2026.csv",
            "docs/querying.md: export service_rates --scope province --period day --from"
                + " 2026-11-01 --to 2026-11-30 --format json",
            "docs/querying.md: export service_rates --former-district 412 --period quarter"
                + " --from 2025-01-01 --to 2025-12-31",
            "docs/querying.md: export item_status --at 2026-12-31 --out items.csv",
            "docs/querying.md: export progress_summary --scope owner_unit --period month --from"
                + " 2026-01-01 --to 2026-12-31"),
        PrintedQueries.commandsInDocs(PROJECT).stream()
            .map(c -> c.source() + ": " + String.join(" ", c.arguments()))
            .toList());
  }

  @Test
  void theDocumentedExportsAreRequestsTheExportUnderstands() {
    int checked = 0;
    for (PrintedQueries.Command c : PrintedQueries.commandsInDocs(PROJECT)) {
      if (!c.arguments().get(0).equals("export")) continue;
      List<String> args = c.arguments().subList(1, c.arguments().size());
      ToolArgs a = vn.ioc.tools.export.ExportTool.arguments(args.toArray(String[]::new));
      assertEquals(Map.of(), a.configFlags(), c.source() + ": " + args);
      vn.ioc.tools.export.ExportTool.request(a);
      checked++;
    }
    assertEquals(5, checked);
  }

  @Test
  void theDocumentedBenchCommandsTakeOnlyOptionsTheBenchmarksKnow() {
    int checked = 0;
    for (PrintedQueries.Command c : PrintedQueries.commandsInDocs(PROJECT)) {
      if (!c.arguments().get(0).equals("bench")) continue;
      List<String> args = c.arguments().subList(1, c.arguments().size());
      ToolArgs a =
          ToolArgs.parse(args.toArray(String[]::new), SubmissionsBenchmark.OPTIONS, Set.of());
      assertEquals(List.of(), a.positional, c.source() + ": " + args);
      checked++;
    }
    assertEquals(7, checked);
    IllegalArgumentException typo =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ToolArgs.parse(
                    new String[] {"--mesages=5"}, SubmissionsBenchmark.OPTIONS, Set.of()));
    assertTrue(typo.getMessage().contains("--messages"), typo.getMessage());
  }

  @Test
  void countsTheRowsOfTheCliAnswer() {
    assertEquals(
        3,
        PrintedQueries.rowsOf(
            "{\"results\":[{\"series\":[{\"name\":\"m\",\"columns\":[\"time\",\"a\"],"
                + "\"values\":[[1,2],[3,4]]},{\"name\":\"m\",\"tags\":{\"u\":\"x\"},"
                + "\"columns\":[\"time\",\"a\"],\"values\":[[5,6]]}]}]}"));
    assertEquals(0, PrintedQueries.rowsOf("{\"results\":[{}]}"));
    assertThrows(
        IllegalArgumentException.class,
        () -> PrintedQueries.rowsOf("{\"error\":\"error parsing query: found SELEC\"}"));
    assertThrows(
        IllegalArgumentException.class,
        () -> PrintedQueries.rowsOf("{\"results\":[{\"error\":\"database not found: x\"}]}"));
    assertThrows(IllegalArgumentException.class, () -> PrintedQueries.rowsOf("ERR: no answer"));
  }

  private static List<String> sqlCommand(String query) {
    return List.of("influx", "-execute", query);
  }
}
