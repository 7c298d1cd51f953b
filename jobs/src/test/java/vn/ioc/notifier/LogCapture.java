package vn.ioc.notifier;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

/**
 * Everything the engine logs ({@code vn.ioc}, every level, messages and stack traces) while it is
 * open, through an appender on log4j2's root logger (the tests' logging backend).
 */
final class LogCapture implements AutoCloseable {
  private final List<String> events = new ArrayList<>();
  private final AbstractAppender appender;
  private final Level before;

  LogCapture() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    appender =
        new AbstractAppender(
            "capture-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent e) {
            StringBuilder b =
                new StringBuilder(e.getLevel() + " " + e.getLoggerName() + " - ")
                    .append(e.getMessage().getFormattedMessage());
            if (e.getThrown() != null) {
              StringWriter w = new StringWriter();
              e.getThrown().printStackTrace(new PrintWriter(w));
              b.append('\n').append(w);
            }
            synchronized (events) {
              events.add(b.toString());
            }
          }
        };
    appender.start();
    ctx.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
    before = LogManager.getLogger("vn.ioc").getLevel();
    Configurator.setLevel("vn.ioc", Level.ALL);
    ctx.updateLoggers();
  }

  List<String> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  String text() {
    return String.join("\n", events());
  }

  @Override
  public void close() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    ctx.getConfiguration().getRootLogger().removeAppender(appender.getName());
    Configurator.setLevel("vn.ioc", before);
    ctx.updateLoggers();
    appender.stop();
  }
}
