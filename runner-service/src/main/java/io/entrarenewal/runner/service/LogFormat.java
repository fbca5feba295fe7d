package io.entrarenewal.runner.service;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/** How the service's logs look: readable lines (the default) or one JSON object per line. */
enum LogFormat {
  TEXT("logback-service-text.xml"),
  JSON("logback-service-json.xml");

  private final String resource;

  LogFormat(String resource) {
    this.resource = resource;
  }

  /**
   * Replaces whatever logging set-up was found on the class path with this format's. Does
   * nothing when logback is not the SLF4J binding (an embedding tool chose its own).
   */
  void apply() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return;
    }
    URL configuration = LogFormat.class.getClassLoader().getResource(resource);
    if (configuration == null) {
      throw new IllegalStateException(resource + " is missing from the service's jar");
    }
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(configuration);
    } catch (JoranException e) {
      throw new IllegalStateException(resource + " is not a valid logback set-up", e);
    }
  }
}
