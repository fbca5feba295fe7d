package io.entrarenewal.core.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * How a task is handed over to a team: the team and the note that tells it what happened and
 * what to do. The body never holds secret values.
 *
 * @param team the owner team to assign
 * @param subject the note's subject
 * @param body what happened and what a human must do
 * @param category the note's category
 * @param timeSpent the time spent to book on the task
 */
public record HandOverNote(
    String team, String subject, String body, String category, Duration timeSpent) {

  /** Validates the fields. */
  public HandOverNote {
    Objects.requireNonNull(team, "'team' must not be null");
    Objects.requireNonNull(subject, "'subject' must not be null");
    Objects.requireNonNull(body, "'body' must not be null");
    Objects.requireNonNull(category, "'category' must not be null");
    Objects.requireNonNull(timeSpent, "'timeSpent' must not be null");
  }
}
