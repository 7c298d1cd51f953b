package vn.ioc.dispatch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import vn.ioc.alerting.AlertEvent;
import vn.ioc.reference.Directory;

/**
 * Who hears of an alert, from the province's directory: the unit's escalation chain (its leader at
 * step 0, then each step once the first notice is the step's {@code after} old), the item's
 * responsible person and the rule's fixed recipients; and how a person is named to people.
 */
final class Routing implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final Directory directory;

  Routing(Directory directory) {
    this.directory = directory;
  }

  /** The unit's leader (step 0), the item's responsible and the rule's fixed recipients. */
  List<String> firstRecipients(AlertEvent a) {
    Set<String> to = new LinkedHashSet<>();
    List<Directory.Step> chain = directory.chain(a.unit);
    if (!chain.isEmpty()) to.add(chain.get(0).person());
    Directory.Person responsible = directory.responsible(a.responsible, a.unit);
    if (responsible != null) to.add(responsible.id());
    to.addAll(a.recipients);
    return new ArrayList<>(to);
  }

  /** The person at {@code step} of the alert's unit's chain, or null past its end. */
  String chainPerson(Tracked tr, int step) {
    List<Directory.Step> chain = directory.chain(tr.alert.unit);
    return step < chain.size() ? chain.get(step).person() : null;
  }

  /** When the next step of the chain is due, or never. */
  long escalationAt(Tracked tr) {
    List<Directory.Step> chain = directory.chain(tr.alert.unit);
    int next = tr.step + 1;
    return next < chain.size() ? tr.notifiedAt + chain.get(next).after().toMillis() : Tracked.NEVER;
  }

  /** Who receives {@code person}'s notices on {@code day}: the person, or their deputy. */
  String standIn(String person, java.time.LocalDate day) {
    return directory.standIn(person, day);
  }

  /** A person's name, else the id. */
  String nameOrId(String id) {
    String name = name(id);
    return name != null ? name : id;
  }

  /** A person's name, or null when the directory has none. */
  String name(String id) {
    Directory.Person p = directory.people().get(id);
    return p == null ? null : p.name();
  }

  /** A person as people read it: name (id). */
  String person(String id) {
    Directory.Person p = directory.people().get(id);
    return p == null || p.name() == null ? id : p.name() + " (" + id + ")";
  }
}
