package io.entrarenewal.runner.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.entrarenewal.core.domain.RenewalException;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.SystemAccount;
import io.entrarenewal.core.fakes.Faults;
import io.entrarenewal.core.fakes.InMemoryVault;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReferenceSecretsTest {

  private static final SecretRef.Passwordstate GRAPH_ACCOUNT =
      new SecretRef.Passwordstate("8620", "Sys_Azure_AppRegs_PR");

  @Test
  void givenVaultReference_resolve_readsTheAccountPasswordAndOpensTheVaultOnce() {
    InMemoryVault vault = new InMemoryVault(new Faults());
    vault.addAccount("8620", "Sys_Azure_AppRegs_PR", "client", Secret.of("graph-secret"));
    AtomicInteger opened = new AtomicInteger();
    ReferenceSecrets secrets = ReferenceSecrets.withVault(Map.of("KEY", "env-value"), () -> {
      opened.incrementAndGet();
      return vault;
    });

    Secret fromEnvironment = secrets.resolve(new SecretRef.Env("KEY"));

    assertThat(fromEnvironment.reveal()).isEqualTo("env-value");
    assertThat(opened).hasValue(0);
    assertThat(secrets.resolve(GRAPH_ACCOUNT).reveal()).isEqualTo("graph-secret");
    assertThat(opened).hasValue(1);
  }

  @Test
  void account_takesTheVaultEntrysUserName_orTheConfiguredOneForOtherReferences() {
    InMemoryVault vault = new InMemoryVault(new Faults());
    vault.addAccount("8620", "Sys_Azure_AppRegs_PR", "client-of-entry", Secret.of("graph-secret"));
    ReferenceSecrets secrets = ReferenceSecrets.withVault(Map.of("KEY", "env-value"), () -> vault);

    SystemAccount fromVault = secrets.account(GRAPH_ACCOUNT, "ignored");
    SystemAccount fromEnvironment = secrets.account(new SecretRef.Env("KEY"), "configured-user");

    assertThat(fromVault.userName()).isEqualTo("client-of-entry");
    assertThat(fromVault.password().reveal()).isEqualTo("graph-secret");
    assertThat(fromEnvironment.userName()).isEqualTo("configured-user");
    assertThat(fromEnvironment.password().reveal()).isEqualTo("env-value");
  }

  @Test
  void givenBootstrapResolver_resolveVaultReference_refusesNamingTheEntryOnly() {
    ReferenceSecrets secrets = ReferenceSecrets.bootstrap(Map.of());

    assertThatExceptionOfType(RenewalException.class)
        .isThrownBy(() -> secrets.resolve(GRAPH_ACCOUNT))
        .withMessageContaining("Passwordstate entry 'Sys_Azure_AppRegs_PR' in list 8620")
        .withMessageContaining("must come from env or file");
  }

  @Test
  void givenVariableUnsetSinceLoading_resolve_namesTheVariable() {
    ReferenceSecrets secrets = ReferenceSecrets.bootstrap(Map.of("OTHER", "x"));

    assertThatExceptionOfType(RenewalException.class)
        .isThrownBy(() -> secrets.resolve(new SecretRef.Env("IVANTI_API_KEY")))
        .withMessage("environment variable IVANTI_API_KEY is not set");
  }

  @Test
  void givenMissingFile_resolve_namesTheFileWithoutAnyContent() {
    ReferenceSecrets secrets = ReferenceSecrets.bootstrap(Map.of());
    Path absent = Path.of("absent-secret-file.key");

    assertThatExceptionOfType(RenewalException.class)
        .isThrownBy(() -> secrets.resolve(new SecretRef.File(absent)))
        .withMessageStartingWith("file absent-secret-file.key cannot be read");
  }
}
