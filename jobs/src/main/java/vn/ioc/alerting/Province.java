package vn.ioc.alerting;

import java.util.Map;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.reference.Directory;

/**
 * What the job knows of the province: its people and escalation chains (without contacts), its
 * units' names, its working-day calendar.
 */
public record Province(Directory directory, Map<String, String> unitNames, WorkingDays calendar)
    implements java.io.Serializable {
  /**
   * The province of a reference-data folder: people and escalation chains without their contact
   * details, and the units' latest names; with {@code calendar}. Without the folder, alerts reach
   * only rules' fixed recipients (a warning says so).
   */
  public static Province load(java.nio.file.Path dir, WorkingDays calendar) {
    try {
      Map<String, String> names = Map.of();
      if (java.nio.file.Files.isDirectory(dir)) {
        names = vn.ioc.reference.ReferenceData.load(dir).unitNames();
      } else {
        org.slf4j.LoggerFactory.getLogger(Province.class)
            .warn("no reference data at {}: alerts reach only rules' fixed recipients", dir);
      }
      return new Province(Directory.load(dir).withoutContacts(), names, calendar);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "cannot read the reference data at " + dir + ": " + e.getMessage(), e);
    }
  }
}
