package vn.ioc.tools;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's folders from wherever the tests run (Maven runs them in {@code jobs/}). */
public final class ProjectFiles {
  private ProjectFiles() {}

  public static Path root() {
    String configured = System.getProperty("ioc.project.dir");
    if (configured != null) return Path.of(configured).toAbsolutePath().normalize();
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("deploy/reference"))) p = p.getParent();
    if (p == null)
      throw new IllegalStateException(
          "cannot find the project root (a folder with deploy/reference)");
    return p;
  }

  public static Path reference() {
    return root().resolve(vn.ioc.simulator.SimulatorTool.DEFAULT_REFERENCE);
  }

  public static Path sampleDay() {
    return root().resolve("deploy/sample/sample-day.jsonl");
  }
}
