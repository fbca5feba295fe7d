package io.entrarenewal.core.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.AppRegistration;
import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.MetadataKeys;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.domain.Tenant;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The invariants of PRODUCT.md, checked against the fakes' state rather than the product's own
 * output: no lost or orphaned credential, at most one new one per request, the old ones kept,
 * the vault's value working, the task ended.
 */
public final class Invariants {

  private final World world;

  /** Checks invariants in this world. */
  public Invariants(World world) {
    this.world = world;
  }

  /**
   * The secret invariants for the request with this id; returns the new credentials. Right after
   * a crash, a secret may have been added but not stored yet: the next run must remove it, so
   * {@code afterCrash} tolerates that one case.
   */
  public List<Credential> assertSecretInvariants(
      Tenant tenant, ClientId clientId, String requestId, List<UUID> oldKeyIds,
      boolean afterCrash) {
    AppRegistration app = world.directory.current(tenant.name(), clientId);
    List<Credential> ours = ours(app, CredentialType.SECRET, requestId);
    assertThat(ours).as("new secrets of request %s", requestId).hasSizeLessThanOrEqualTo(1);
    assertOldKept(app, oldKeyIds);

    Map<String, String> metadata = world.vault.metadata(tenant.secretListId(), app.displayName());
    Secret stored = world.vault.password(tenant.secretListId(), app.displayName()).orElseThrow();
    boolean unstoredAllowed = afterCrash && ours.size() == 1
        && !ours.get(0).keyId().toString().equals(metadata.get(MetadataKeys.KEY_ID));
    for (Credential credential : unstoredAllowed ? List.<Credential>of() : ours) {
      assertThat(metadata.get(MetadataKeys.KEY_ID))
          .as("the vault holds the new secret %s", credential.keyId())
          .isEqualTo(credential.keyId().toString());
      assertThat(world.directory.secretValue(credential.keyId())).contains(stored);
    }
    assertThat(app.credentials(CredentialType.SECRET).stream()
        .filter(c -> c.isValidAt(World.NOW))
        .anyMatch(c -> world.directory.secretValue(c.keyId()).map(stored::equals).orElse(false)))
        .as("the vault's value is a valid secret of the app").isTrue();
    return ours;
  }

  /** The certificate invariants for the request with this id. */
  public List<Credential> assertCertificateInvariants(
      Tenant tenant, ClientId clientId, String requestId, List<UUID> oldKeyIds) {
    AppRegistration app = world.directory.current(tenant.name(), clientId);
    List<Credential> ours = ours(app, CredentialType.CERTIFICATE, requestId);
    assertThat(ours).as("new certificates of request %s", requestId).hasSizeLessThanOrEqualTo(1);
    assertOldKept(app, oldKeyIds);

    String title = "Certificaat " + app.displayName();
    Map<String, String> metadata = world.vault.metadata(World.CERTIFICATE_LIST, title);
    Secret password = world.vault.password(World.CERTIFICATE_LIST, title).orElseThrow();
    CertificateKeyPair current = open(metadata.get(MetadataKeys.DOCUMENT_ID), password);
    assertThat(app.certificateWithThumbprint(current.thumbprint()))
        .as("the vault's current certificate is registered on the app").isPresent();
    for (Credential credential : ours) {
      boolean isCurrent = credential.thumbprint().equalsIgnoreCase(current.thumbprint());
      boolean isStaged = metadata.containsKey(MetadataKeys.STAGED_DOCUMENT_ID)
          && open(metadata.get(MetadataKeys.STAGED_DOCUMENT_ID), password).thumbprint()
              .equalsIgnoreCase(credential.thumbprint());
      assertThat(isCurrent || isStaged)
          .as("the new certificate %s is retrievable from the vault", credential.thumbprint())
          .isTrue();
    }
    return ours;
  }

  /** The task ended: closed, or handed over with a note. */
  public void assertTaskEnded(TaskId task) {
    InMemoryWorkQueue.Task state = world.queue.task(task);
    assertThat(state.state()).isIn(InMemoryWorkQueue.State.CLOSED,
        InMemoryWorkQueue.State.HANDED_OVER);
    if (state.state() == InMemoryWorkQueue.State.HANDED_OVER) {
      assertThat(state.notes()).isNotEmpty();
    }
  }

  /** No note of any task holds any secret value the directory knows or the vault holds. */
  public void assertNoSecretInNotes(List<Secret> secrets) {
    for (var task : world.queue.all()) {
      for (var note : world.queue.task(task.id()).notes()) {
        for (Secret secret : secrets) {
          assertThat(note.body()).doesNotContain(secret.reveal());
        }
      }
    }
  }

  private CertificateKeyPair open(String documentId, Secret password) {
    return world.pfxFiles.open(world.vault.document(documentId), password);
  }

  private static List<Credential> ours(AppRegistration app, CredentialType type, String request) {
    return app.credentials(type).stream()
        .filter(c -> c.displayName().equals("renewal " + request)).toList();
  }

  private static void assertOldKept(AppRegistration app, List<UUID> oldKeyIds) {
    for (UUID old : oldKeyIds) {
      assertThat(app.credential(old)).as("old credential %s is untouched", old).isPresent();
    }
  }

}
