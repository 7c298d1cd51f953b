package vn.ioc.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The InfluxQL queries the project prints for its readers, and the {@code deploy/ioc} commands that
 * run them: the demo's console lines ({@code deploy/ioc influx ... -execute "..."}), the {@code
 * ```sql} blocks of the documents, and the {@code deploy/ioc influx} lines of their {@code ```bash}
 * blocks. The other {@code deploy/ioc} commands of the {@code ```bash} blocks are listed too, as
 * commands, not queries.
 */
final class PrintedQueries {
  private static final String LAUNCHER = "deploy/ioc";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PrintedQueries() {}

  /**
   * A query where it is printed, and the launcher's arguments that run it as printed (after {@code
   * deploy/ioc}, e.g. {@code influx -precision rfc3339 -execute QUERY}).
   */
  record Printed(String source, String query, List<String> command) {}

  /** A {@code deploy/ioc} command of a {@code ```bash} block that is not a query. */
  record Command(String source, List<String> arguments) {}

  /** The queries of README.md and every {@code docs/*.md} of the project, file by file. */
  static List<Printed> inDocs(Path project) {
    List<Printed> out = new ArrayList<>();
    for (Path doc : documents(project))
      out.addAll(inMarkdown(project.relativize(doc).toString(), read(doc)));
    return out;
  }

  /** The non-query {@code deploy/ioc} commands of README.md and every {@code docs/*.md}. */
  static List<Command> commandsInDocs(Path project) {
    List<Command> out = new ArrayList<>();
    for (Path doc : documents(project))
      out.addAll(commandsInMarkdown(project.relativize(doc).toString(), read(doc)));
    return out;
  }

  /**
   * The queries of one Markdown document: each statement of its {@code ```sql} blocks (from an
   * unindented line to the next comment, unindented line or the block's end, its lines joined by a
   * space), run with {@code deploy/ioc influx -execute}; and each {@code deploy/ioc influx ...
   * -execute} line of its {@code ```bash} blocks, as printed.
   */
  static List<Printed> inMarkdown(String source, String markdown) {
    List<Printed> out = new ArrayList<>();
    StringBuilder statement = new StringBuilder();
    String fence = null;
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("```")) {
        flush(source, statement, out);
        fence = fence == null ? line.substring(3).trim() : null;
        continue;
      }
      if ("sql".equals(fence)) {
        String text = line.strip();
        boolean continues = !text.isEmpty() && Character.isWhitespace(line.charAt(0));
        if (!continues) flush(source, statement, out);
        if (text.isEmpty() || text.startsWith("--")) continue;
        if (statement.length() > 0) statement.append(' ');
        statement.append(text);
      } else if ("bash".equals(fence)) {
        Printed p = influxLine(source, line);
        if (p != null) out.add(p);
      }
    }
    return out;
  }

  /** The {@code deploy/ioc} commands of a document's {@code ```bash} blocks that are no query. */
  static List<Command> commandsInMarkdown(String source, String markdown) {
    List<Command> out = new ArrayList<>();
    String fence = null;
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("```")) {
        fence = fence == null ? line.substring(3).trim() : null;
      } else if ("bash".equals(fence) && line.strip().startsWith(LAUNCHER + " ")) {
        List<String> words = shellWords(line);
        List<String> arguments = words.subList(1, words.size());
        if (!arguments.isEmpty() && !arguments.get(0).equals("influx"))
          out.add(new Command(source, List.copyOf(arguments)));
      }
    }
    return out;
  }

  /** The queries the demo printed on its console: its {@code deploy/ioc influx} lines. */
  static List<Printed> inConsole(String source, String console) {
    List<Printed> out = new ArrayList<>();
    for (String line : console.split("\n", -1)) {
      Printed p = influxLine(source, line);
      if (p != null) out.add(p);
    }
    return out;
  }

  /**
   * The rows of the influx CLI's answer in JSON ({@code -format json}): the values of every series
   * of every statement; fails on an error in the answer.
   */
  static int rowsOf(String cliJson) {
    JsonNode answer;
    try {
      answer = JSON.readTree(cliJson);
    } catch (IOException e) {
      throw new IllegalArgumentException("not the influx CLI's JSON: " + cliJson, e);
    }
    if (answer == null || !answer.has("results") || answer.has("error"))
      throw new IllegalArgumentException("the query failed: " + cliJson);
    int rows = 0;
    for (JsonNode result : answer.get("results")) {
      if (result.has("error")) throw new IllegalArgumentException("the query failed: " + cliJson);
      for (JsonNode series : result.path("series")) rows += series.path("values").size();
    }
    return rows;
  }

  /**
   * The words a POSIX shell makes of a command line without expansions: single quotes keep
   * everything, double quotes keep all but {@code \"}, {@code \\}, {@code \$} and {@code \`}, a
   * backslash outside quotes keeps the next character, an unquoted {@code #} starting a word begins
   * a comment. A {@code $} or backquote the shell would expand is refused: such a line does not run
   * as printed.
   */
  static List<String> shellWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        if (word != null) words.add(word.toString());
        word = null;
        i++;
        continue;
      }
      if (word == null) {
        if (c == '#') break;
        word = new StringBuilder();
      }
      if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) throw new IllegalArgumentException("an unclosed ' in: " + line);
        word.append(line, i + 1, end);
        i = end + 1;
      } else if (c == '"') {
        i = doubleQuoted(line, i + 1, word);
      } else if (c == '\\') {
        if (i + 1 >= line.length()) throw new IllegalArgumentException("a trailing \\ in: " + line);
        word.append(line.charAt(i + 1));
        i += 2;
      } else {
        refuseExpansion(c, line);
        word.append(c);
        i++;
      }
    }
    if (word != null) words.add(word.toString());
    return words;
  }

  /** Reads a double-quoted string from {@code from}; returns the index after its closing quote. */
  private static int doubleQuoted(String line, int from, StringBuilder word) {
    int i = from;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '"') return i + 1;
      if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
        word.append(line.charAt(i + 1));
        i += 2;
        continue;
      }
      refuseExpansion(c, line);
      word.append(c);
      i++;
    }
    throw new IllegalArgumentException("an unclosed \" in: " + line);
  }

  private static void refuseExpansion(char c, String line) {
    if (c == '$' || c == '`')
      throw new IllegalArgumentException("the shell would expand " + c + " in: " + line);
  }

  /** A {@code deploy/ioc influx ... -execute QUERY} line, or null for any other line. */
  private static Printed influxLine(String source, String line) {
    if (!line.strip().startsWith(LAUNCHER + " influx ")) return null;
    List<String> words = shellWords(line);
    int execute = words.indexOf("-execute");
    if (execute < 0 || execute + 1 >= words.size()) return null;
    return new Printed(source, words.get(execute + 1), List.copyOf(words.subList(1, words.size())));
  }

  private static void flush(String source, StringBuilder statement, List<Printed> out) {
    if (statement.length() == 0) return;
    String query = statement.toString();
    out.add(new Printed(source, query, List.of("influx", "-execute", query)));
    statement.setLength(0);
  }

  private static List<Path> documents(Path project) {
    List<Path> docs = new ArrayList<>();
    docs.add(project.resolve("README.md"));
    try (Stream<Path> files = Files.list(project.resolve("docs"))) {
      files.filter(f -> f.getFileName().toString().endsWith(".md")).sorted().forEach(docs::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
