package io.entrarenewal.core.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * The words this tool writes into ITSM tasks. Templates may use {@code {app}} (the app's display
 * name) and {@code {type}} ("Secret" or "Certificate").
 *
 * @param resolution the resolution text of a closed task
 * @param handOverTeam the team that takes over tasks this tool cannot finish
 * @param noteSubject the subject of a hand-over note
 * @param noteCategory the category of a hand-over note
 * @param timeSpent the time spent booked on a closed or handed-over task
 */
public record TaskTexts(
    String resolution,
    String handOverTeam,
    String noteSubject,
    String noteCategory,
    Duration timeSpent) {

  /** Validates the fields. */
  public TaskTexts {
    requireText(resolution, "resolution");
    requireText(handOverTeam, "handOverTeam");
    requireText(noteSubject, "noteSubject");
    requireText(noteCategory, "noteCategory");
    Objects.requireNonNull(timeSpent, "'timeSpent' must not be null");
    if (timeSpent.isNegative()) {
      throw new IllegalArgumentException("'timeSpent' must not be negative");
    }
  }

  /** The original automation's texts, with the given hand-over team. */
  public static TaskTexts withTeam(String handOverTeam) {
    return new TaskTexts(
        "{type} renewed successfully for {app}",
        handOverTeam,
        "Secret/Certificaat renewal failed",
        "Status Update",
        Duration.ofMinutes(1));
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, "'" + name + "' must not be null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("'" + name + "' must not be blank");
    }
  }
}
