package vn.ioc.alerting;

import java.util.Map;
import vn.ioc.calendar.WorkingDays;
import vn.ioc.reference.Directory;
import vn.ioc.reference.Names;

/**
 * What the job knows of the province: its people and escalation chains (without contacts), the
 * names of its units, areas and services by date, its working-day calendar.
 */
public record Province(Directory directory, Names names, WorkingDays calendar)
    implements java.io.Serializable {
  /** Units' names valid on every day (tests, tools). */
  public Province(Directory directory, Map<String, String> unitNames, WorkingDays calendar) {
    this(directory, Names.ofUnits(unitNames), calendar);
  }

  /**
   * The province of a reference-data folder: people and escalation chains without their contact
   * details, and the names by date; with {@code calendar}. Without the folder, alerts reach only
   * rules' fixed recipients (a warning says so).
   */
  public static Province load(java.nio.file.Path dir, WorkingDays calendar) {
    try {
      Names names = Names.NONE;
      if (java.nio.file.Files.isDirectory(dir)) {
        names = Names.of(vn.ioc.reference.ReferenceData.load(dir));
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
