package io.entrarenewal.core.service;

import io.entrarenewal.core.domain.HandOverNote;
import io.entrarenewal.core.domain.HandOverReason;
import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.Step;
import io.entrarenewal.core.domain.TaskTexts;

/** Writes the note a team gets with a handed-over task: what happened, where, what to do. */
final class HandOverNotes {

  private final TaskTexts texts;

  HandOverNotes(TaskTexts texts) {
    this.texts = texts;
  }

  HandOverNote forOutcome(RenewalOutcome outcome) {
    if (outcome instanceof RenewalOutcome.HandedOver handedOver) {
      return note(handedOver.detail(), handedOver.step(), handedOver.reason().remedy(), outcome);
    }
    RenewalOutcome.Failed failed = (RenewalOutcome.Failed) outcome;
    String remedy = HandOverReason.FAILED.remedy()
        + (failed.transientFailure() ? " The failure may pass; running the task again is safe."
            : "");
    return note(failed.detail(), failed.step(), remedy, outcome);
  }

  HandOverNote forInvalidTask(String problem) {
    return new HandOverNote(texts.handOverTeam(), texts.noteSubject(),
        problem + "\n\nStep that stopped: " + Step.VALIDATE_REQUEST.description() + ".\n"
            + "What to do: " + HandOverReason.INVALID_REQUEST.remedy(),
        texts.noteCategory(), texts.timeSpent());
  }

  private HandOverNote note(String detail, Step step, String remedy, RenewalOutcome outcome) {
    StringBuilder body = new StringBuilder(detail)
        .append("\n\nStep that stopped: ").append(step.description()).append('.')
        .append("\nWhat to do: ").append(remedy)
        .append("\nApp: ").append(outcome.appDisplayName().orElse("(not found)"))
        .append(" (").append(outcome.request().clientId()).append(')');
    outcome.tenantName().ifPresent(t -> body.append(", tenant ").append(t));
    body.append("\nCredential type: ").append(outcome.request().type().displayName())
        .append("\nRequest: ").append(outcome.request().requestId());
    return new HandOverNote(texts.handOverTeam(), texts.noteSubject(), body.toString(),
        texts.noteCategory(), texts.timeSpent());
  }
}
