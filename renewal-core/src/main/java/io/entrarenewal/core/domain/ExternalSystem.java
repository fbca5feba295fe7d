package io.entrarenewal.core.domain;

/** The external systems this tool talks to, named for messages and metrics. */
public enum ExternalSystem {
  /** The ITSM work queue (Ivanti). */
  WORK_QUEUE("ITSM"),
  /** The password vault (Passwordstate). */
  VAULT("vault"),
  /** Entra ID and Microsoft Graph. */
  DIRECTORY("Entra ID"),
  /** The certificate authority (AD CS or another PKI). */
  CERTIFICATE_AUTHORITY("PKI");

  private final String displayName;

  ExternalSystem(String displayName) {
    this.displayName = displayName;
  }

  /** A short name for humans. */
  public String displayName() {
    return displayName;
  }
}
