package vn.ioc.notifier;

import java.util.List;
import vn.ioc.dispatch.Notification;
import vn.ioc.reference.Directory;

/**
 * One notification made ready for one person: the text and each alert's ack link (null where the
 * alert is not ackable). Holds contact details (the person): never log it.
 */
record Digest(
    Notification notification, Directory.Person person, String text, List<String> ackUrls) {
  @Override
  public String toString() {
    return "Digest{" + notification.notificationId + "}";
  }
}
