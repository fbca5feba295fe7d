package io.entrarenewal.runner.cli.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * Everything the product and the sandbox log, at every level down to DEBUG, with the full text
 * of attached exceptions and their causes. The sandbox's own request lines double as its request
 * log: one line per request, in arrival order, naming the endpoint.
 */
final class CapturedLogs extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  private static final String SANDBOX_HOST = "io.entrarenewal.sandbox.ServiceHost";
  private static final Pattern REQUEST_LINE =
      Pattern.compile("(\\w+) ([A-Z]+) (\\S+) -> (\\S+)(?: with fault (\\w+))?");

  private final List<ILoggingEvent> events = new ArrayList<>();
  private final Logger product;
  private final Level productLevel;
  private final Logger sandbox;
  private final Level sandboxLevel;

  private CapturedLogs() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    setContext(context);
    product = context.getLogger("io.entrarenewal");
    productLevel = product.getLevel();
    sandbox = context.getLogger("io.entrarenewal.sandbox");
    sandboxLevel = sandbox.getLevel();
  }

  /**
   * Starts capturing on the root logger; the product's and the sandbox's loggers are set to
   * DEBUG (a command run in the same JVM may have quietened them), and restored on close.
   */
  static CapturedLogs capture() {
    CapturedLogs logs = new CapturedLogs();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    logs.product.setLevel(Level.DEBUG);
    logs.sandbox.setLevel(Level.DEBUG);
    return logs;
  }

  @Override
  protected void append(ILoggingEvent event) {
    event.prepareForDeferredProcessing();
    synchronized (events) {
      events.add(event);
    }
  }

  /** Every captured line: message, then each exception's class, message and stack. */
  List<String> texts() {
    return texts("");
  }

  /** The lines of loggers outside the sandbox: what the product wrote. */
  List<String> productTexts() {
    return texts("io.entrarenewal.sandbox.");
  }

  private List<String> texts(String excludedPrefix) {
    List<String> texts = new ArrayList<>();
    for (ILoggingEvent event : snapshot()) {
      if (!excludedPrefix.isEmpty() && event.getLoggerName().startsWith(excludedPrefix)) {
        continue;
      }
      StringBuilder text = new StringBuilder(event.getFormattedMessage());
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        text.append('\n').append(t.getClassName()).append(": ").append(t.getMessage());
        for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
          text.append("\n  ").append(frame.getSTEAsString());
        }
      }
      texts.add(text.toString());
    }
    return texts;
  }

  /** One request the sandbox served. */
  record Request(String service, String method, String path, String endpoint, String fault) {

    /** The method and the endpoint name, such as {@code POST graph.addPassword}. */
    String call() {
      return method + " " + endpoint;
    }
  }

  /** The sandbox's requests since capturing started (or since {@link #clear()}), in order. */
  List<Request> requests() {
    List<Request> requests = new ArrayList<>();
    for (ILoggingEvent event : snapshot()) {
      if (!SANDBOX_HOST.equals(event.getLoggerName())) {
        continue;
      }
      Matcher m = REQUEST_LINE.matcher(event.getFormattedMessage());
      if (m.matches()) {
        requests.add(new Request(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)));
      }
    }
    return requests;
  }

  void clear() {
    synchronized (events) {
      events.clear();
    }
  }

  private List<ILoggingEvent> snapshot() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  @Override
  public void close() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(this);
    product.setLevel(productLevel);
    sandbox.setLevel(sandboxLevel);
    stop();
  }
}
