package io.entrarenewal.core.domain;

/**
 * Refusals that mean something for the renewal flow, so that the use cases can hand a task over
 * with a precise reason instead of a generic failure.
 */
public enum RefusalReason {
  /** The vault holds several entries with the title that should be unique. */
  AMBIGUOUS_VAULT_ENTRY,
  /** A tenant app-management policy forbids the requested credential lifetime. */
  LIFETIME_POLICY,
  /** Entra refused a self-service certificate roll-over (proof of possession rejected). */
  SELF_SERVICE_REJECTED,
  /** A PFX file could not be opened: wrong password, corrupt, or without a private key. */
  UNREADABLE_CERTIFICATE,
  /** The certificate authority issued something that fails our checks. */
  CERTIFICATE_REJECTED,
  /** The account this tool uses lacks a permission the operation needs. */
  PERMISSION_MISSING
}
