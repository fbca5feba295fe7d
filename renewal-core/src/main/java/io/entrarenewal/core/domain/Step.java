package io.entrarenewal.core.domain;

/** The steps of the renewal flows, named in outcomes and hand-over notes. */
public enum Step {
  READ_TASK("read the task"),
  VALIDATE_REQUEST("validate the request"),
  WAIT_FOR_APP("wait until no other runner is renewing the app"),
  FIND_APP("look up the app registration"),
  FIND_VAULT_ENTRY("find the vault entry"),
  CHECK_SHARED_CERTIFICATE("check for a shared certificate"),
  READ_OLD_CERTIFICATE("read the current certificate from the vault"),
  REMOVE_ORPHAN("remove a credential an earlier run could not store"),
  ADD_SECRET("add the new client secret in Entra ID"),
  STORE_SECRET("store the new client secret in the vault"),
  ISSUE_CERTIFICATE("obtain the new certificate from the PKI"),
  STAGE_CERTIFICATE("keep the new certificate in the vault before rolling it over"),
  ADD_CERTIFICATE("add the new certificate to the app in Entra ID"),
  STORE_CERTIFICATE("store the new PFX file in the vault"),
  VERIFY("prove the new credential by acquiring a token"),
  CLOSE_TASK("close the task"),
  HAND_OVER_TASK("hand the task over");

  private final String description;

  Step(String description) {
    this.description = description;
  }

  /** What the step does, in words for a hand-over note. */
  public String description() {
    return description;
  }
}
