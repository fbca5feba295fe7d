package io.entrarenewal.core.domain;

/**
 * The keys this tool writes into a vault entry's metadata JSON. {@link #USED_TEMPLATE} comes
 * from the original automation; the others are this tool's own, written so a re-run can tell
 * what an interrupted run already did.
 */
public final class MetadataKeys {

  /** The Entra key id of the credential the entry holds. */
  public static final String KEY_ID = "KeyId";
  /** When that credential becomes valid (ISO-8601 instant). */
  public static final String START = "StartDate";
  /** When that credential expires (ISO-8601 instant). */
  public static final String END = "EndDate";
  /** The certificate's SHA-1 thumbprint. */
  public static final String THUMBPRINT = "Thumbprint";
  /** The certificate template to request; read from the original automation's metadata. */
  public static final String USED_TEMPLATE = "UsedTemplate";
  /** The vault document holding the current PFX file. */
  public static final String DOCUMENT_ID = "DocumentID";
  /** The request that wrote the current value. */
  public static final String REQUEST = "RenewalRequest";
  /** A new PFX already issued but not yet rolled onto the app: its document. */
  public static final String STAGED_DOCUMENT_ID = "StagedDocumentID";
  /** The thumbprint of the staged certificate. */
  public static final String STAGED_THUMBPRINT = "StagedThumbprint";
  /** The request that staged it. */
  public static final String STAGED_REQUEST = "StagedRequest";
  /** A certificate request the CA holds as pending: its request id. */
  public static final String PENDING_REQUEST_ID = "PendingRequestID";
  /** The document holding the pending request's private key, sealed with the entry's password. */
  public static final String PENDING_KEY_DOCUMENT_ID = "PendingKeyDocumentID";
  /** The renewal request that submitted the pending certificate request. */
  public static final String PENDING_REQUEST = "PendingRenewalRequest";

  private MetadataKeys() {}
}
