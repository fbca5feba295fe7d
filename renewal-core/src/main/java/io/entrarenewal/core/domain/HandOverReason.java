package io.entrarenewal.core.domain;

/**
 * Why a renewal needs a human, each with what that human must do. The remedies are defaults;
 * the hand-over note carries the details of the case.
 */
public enum HandOverReason {
  INVALID_REQUEST("Correct the task's AppID and SecretType parameters and submit it again."),
  APP_NOT_FOUND("Check the AppID: no configured tenant has an app registration with it."),
  NO_VAULT_ENTRY("Create the vault entry for this app (or correct its title), then retry."),
  AMBIGUOUS_VAULT_ENTRY("Several vault entries share the title; keep one, then retry."),
  SHARED_CERTIFICATE(
      "The certificate is shared with the app of the same name in another tenant: renew that"
          + " one and upload the new certificate to this app by hand."),
  NO_VALID_CERTIFICATE(
      "The app has no valid certificate left, so it cannot roll its own: add the new"
          + " certificate as an administrator, or enable the administrative path."),
  UNREADABLE_CERTIFICATE(
      "The current PFX in the vault cannot be opened: check the entry's document and password."),
  SELF_SERVICE_REJECTED(
      "Entra ID refused the self-service roll-over: check that the vault's certificate is"
          + " registered on the app and still valid."),
  LIFETIME_POLICY(
      "A tenant app-management policy forbids the configured lifetime: lower the validity"
          + " for this tenant or ask for a policy exception."),
  CERTIFICATE_PENDING(
      "The certificate request waits for approval at the CA: approve it, then retry the task"
          + " (the request is kept; no second one is submitted)."),
  CERTIFICATE_DENIED("The CA denied the certificate request: check the template and rights."),
  CERTIFICATE_REJECTED(
      "The CA returned a certificate that fails our checks: check the CA and the template."),
  NOT_VERIFIED(
      "The new credential is stored but no token could be acquired with it yet: try it, and"
          + " check the app in Entra ID. The previous credential is untouched."),
  PERMISSION_MISSING("Grant the missing permission to the account named in the note."),
  FAILED("See the note for the step that failed; retry the task once the cause is fixed.");

  private final String remedy;

  HandOverReason(String remedy) {
    this.remedy = remedy;
  }

  /** What a human must do next. */
  public String remedy() {
    return remedy;
  }
}
