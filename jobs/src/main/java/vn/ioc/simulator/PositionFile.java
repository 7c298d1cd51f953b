package vn.ioc.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Where a run stopped ({@code --position FILE}): the last message stored, with the settings of the
 * simulation it belongs to, so the next run with the same settings carries on exactly after it and
 * a run with other settings is refused. {@code fingerprint}: what must match for a run to continue
 * another's position; {@code zone}: where the simulated time it records is shown.
 */
record PositionFile(Path path, String fingerprint, ZoneId zone) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The recorded position, or null without the file; refuses one of another simulation. */
  Simulation.Position read() throws IOException {
    if (!Files.exists(path)) return null;
    JsonNode p = JSON.readTree(path.toFile());
    String recorded = p.path("simulation").asText();
    if (!recorded.equals(fingerprint)) {
      throw new IllegalArgumentException(
          path
              + " is the position of another simulation ("
              + recorded
              + "); give the same settings, another --position, or --fresh");
    }
    return new Simulation.Position(p.get("arrival").asLong(), p.get("line").asText());
  }

  /**
   * Written to a temporary file and moved into place, so a crash never leaves half a file; one
   * writer at a time, as a stop may write it while the run does.
   */
  synchronized void write(Emission last) throws IOException {
    ObjectNode p = JSON.createObjectNode();
    p.put("simulation", fingerprint);
    p.put(
        "simulatedTime",
        Instant.ofEpochMilli(last.arrival()).atZone(zone).toOffsetDateTime().toString());
    p.put("arrival", last.arrival());
    p.put("line", last.line());
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".position", ".tmp");
    Files.writeString(tmp, JSON.writeValueAsString(p), StandardCharsets.UTF_8);
    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
