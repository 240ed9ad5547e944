package io.aiopslab.executor.app.config;

import java.util.List;

/** One or more configuration values are wrong; each message names its variable. */
public final class InvalidConfiguration extends RuntimeException {
  private final List<String> problems;

  public InvalidConfiguration(List<String> problems) {
    super("Invalid configuration:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
