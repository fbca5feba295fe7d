package io.entrarenewal.runner.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.Tenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the YAML file: the documented example, and every kind of mistake with its line. */
class ConfigLoaderTest {

  private static final Path EXAMPLE = Path.of("../docs/examples/renewal.yaml");
  private static final Map<String, String> ENVIRONMENT = Map.of(
      "PASSWORDSTATE_API_KEY", "ps-api-key-7Hq2", "IVANTI_API_KEY", "ivanti-key-9Wz4");

  @TempDir
  Path directory;

  @Test
  void givenTheDocumentedExample_load_mapsTheOriginalDeployment() throws IOException {
    RunnerConfig config = new ConfigLoader(ENVIRONMENT).load(example(text -> text));

    assertThat(config.settings().tenants()).extracting(Tenant::name)
        .containsExactly("production", "education");
    Tenant education = config.settings().tenant("education").orElseThrow();
    assertThat(education.secretListId()).isEqualTo("8633");
    assertThat(education.sharedCertificateSuffixIfAny()).contains("_OND");
    assertThat(config.settings().certificateListId()).isEqualTo("6691");
    assertThat(config.settings().certificateTitle("Portal")).isEqualTo("Certificaat Portal");
    assertThat(config.settings().secretValidity()).isEqualTo(Duration.ofDays(365));
    assertThat(config.settings().renewBefore()).isEqualTo(Duration.ofDays(30));
    assertThat(config.settings().defaultTemplate()).isEqualTo("_D09-CA2-SHA256-EntraID");
    assertThat(config.settings().texts().handOverTeam()).isEqualTo("Systeemsoftware");
    assertThat(config.tenants().get(0).graphAccount())
        .isEqualTo(new SecretRef.Passwordstate("8620", "Sys_Azure_AppRegs_PR"));
    assertThat(config.tenants().get(1).graphAccount())
        .isEqualTo(new SecretRef.Passwordstate("8620", "Sys_Azure_OND_Admin"));
    assertThat(config.pki().accountIfAny())
        .contains(new SecretRef.Passwordstate("8620", "sys_srvaapwin_pki"));
    assertThat(config.passwordstate().list("7651").orElseThrow().metadataField())
        .isEqualTo("GenericField6");
    assertThat(config.passwordstate().list("6691").orElseThrow().metadataField())
        .isEqualTo("GenericField7");
    assertThat(config.passwordstate().apiKey("8620"))
        .contains(new SecretRef.Env("PASSWORDSTATE_API_KEY"));
    assertThat(config.tenants().get(1).graphUrl()).hasToString("https://graph.microsoft.com");
    assertThat(config.ivanti().pending()).isEqualTo(new IvantiConfig.Pending(
        "Entra Renewal Automation", List.of("Logged", "Accepted"), null, null));
    assertThat(config.ivanti().handOverStatus()).isEqualTo("Logged");
    assertThat(config.pki().caCertificates()).isEqualTo(directory.resolve("issuing-ca.pem"));
    assertThat(config.graph().proofThumbprint()).isEqualTo(GraphConfig.ProofThumbprint.BOTH);
  }

  @Test
  void givenGraphAccountFromEnvironment_load_needsItsClientId() throws IOException {
    Path file = example(text -> text.replace(
        "graph-account: {passwordstate: {list: 8620, title: Sys_Azure_OND_Admin}}",
        "graph-account: {env: IVANTI_API_KEY}"));

    assertThat(problems(file)).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("tenants[1].graph-client-id");
      assertThat(p.message()).contains("needs its client id");
    });
    Path withId = example(text -> text.replace(
        "graph-account: {passwordstate: {list: 8620, title: Sys_Azure_OND_Admin}}",
        "graph-account: {env: IVANTI_API_KEY}\n"
            + "    graph-client-id: AAAAAAAA-0000-4000-8000-000000000001"));
    assertThat(new ConfigLoader(ENVIRONMENT).load(withId).tenants().get(1).graphClientId())
        .isEqualTo("aaaaaaaa-0000-4000-8000-000000000001");
  }

  @Test
  void givenRequestCreationWithoutTheOfferingsIds_load_namesEachMissingKey() throws IOException {
    Path file = example(text -> text.replace("  completed-status: Completed",
        "  completed-status: Completed\n  request-creation:\n    subscription-id: S1"));

    assertThat(problems(file)).extracting(Problem::path).containsExactly(
        "ivanti.request-creation.app-id-parameter-id",
        "ivanti.request-creation.secret-type-parameter-id",
        "ivanti.request-creation.requester-id");
  }

  @Test
  void givenEmbeddedCa_load_needsItsKeyStoreButNoEndpointOrAccount() throws IOException {
    Path file = example(text -> text.substring(0, text.indexOf("pki:"))
        + "pki:\n  protocol: embedded\n  default-template: T\n");
    assertThat(problems(file)).extracting(Problem::path).containsExactly(
        "pki.embedded-ca", "pki.embedded-ca-password");

    Path complete = example(text -> text.substring(0, text.indexOf("pki:"))
        + "pki:\n  protocol: embedded\n  default-template: T\n  embedded-ca: ca.p12\n"
        + "  embedded-ca-password: {env: IVANTI_API_KEY}\n");
    PkiConfig pki = new ConfigLoader(ENVIRONMENT).load(complete).pki();
    assertThat(pki.embeddedCa()).isEqualTo(directory.resolve("ca.p12"));
    assertThat(pki.connectionIfAny()).isEmpty();
  }

  @Test
  void givenTheDocumentedExample_load_readsItsLockDirectoryAndWait() throws IOException {
    RunnerConfig.Locks locks = new ConfigLoader(ENVIRONMENT).load(example(text -> text)).locks();

    assertThat(locks.directory()).isEqualTo(Path.of("/var/lib/renewal-service/locks"));
    assertThat(locks.patience()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void givenNoLocksSection_load_usesTheAccountsDirectoryInTheTemporaryOneAndWaits15Minutes()
      throws IOException {
    Path file = example(text -> text.substring(0, text.indexOf("\n# Renewals of one app")));

    RunnerConfig.Locks locks = new ConfigLoader(ENVIRONMENT).load(file).locks();

    assertThat(locks.directory().getParent())
        .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
    assertThat(locks.directory().getFileName().toString())
        .startsWith("entra-renewal-locks-").doesNotContain("/");
    assertThat(locks.patience()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void givenRelativeLockDirectory_load_resolvesItAgainstTheFilesDirectory() throws IOException {
    Path file = example(text -> text.replace("/var/lib/renewal-service/locks", "run/locks"));

    assertThat(new ConfigLoader(ENVIRONMENT).load(file).locks().directory())
        .isEqualTo(directory.resolve("run/locks"));
  }

  @Test
  void givenLockDirectoryThatIsAFile_load_saysSo() throws IOException {
    Files.writeString(directory.resolve("not-a-directory"), "");
    Path file = example(text -> text.replace("/var/lib/renewal-service/locks", "not-a-directory")
        .replace("wait-minutes: 15", "wait-minutes: 2000"));

    assertThat(problems(file)).satisfiesExactlyInAnyOrder(
        p -> {
          assertThat(p.path()).isEqualTo("locks.directory");
          assertThat(p.message()).contains("not-a-directory").contains("is not a directory");
        },
        p -> {
          assertThat(p.path()).isEqualTo("locks.wait-minutes");
          assertThat(p.line()).isEqualTo(lineOf(file, "wait-minutes"));
          assertThat(p.message()).contains("between 0 and 1440").contains("2000");
        });
  }

  @Test
  void givenAdcsWithoutItsCaCertificates_load_asksForThem() throws IOException {
    Path file = example(text -> text.replace("  ca-certificates: issuing-ca.pem\n", ""));

    assertThat(problems(file)).singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo("pki.ca-certificates"));
  }

  @Test
  void givenUnknownKey_load_namesItsPathAndLineAndSuggestsTheKnownKey() throws IOException {
    Path file = example(text -> text.replace("  renew-before-days: 30",
        "  renew-before-days: 30\n  renew-befor-days: 30"));

    assertThat(problems(file)).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("renewal.renew-befor-days");
      assertThat(p.line()).isEqualTo(lineOf(file, "renew-befor-days"));
      assertThat(p.message()).contains("unknown key").contains("did you mean 'renew-before-days'");
    });
  }

  @Test
  void givenWrongType_load_namesTheKeyTheLineAndTheExpectedType() throws IOException {
    Path file = example(text -> text.replace("secret-validity-days: 365",
        "secret-validity-days: a year"));

    assertThat(problems(file)).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("renewal.secret-validity-days");
      assertThat(p.line()).isEqualTo(lineOf(file, "secret-validity-days"));
      assertThat(p.message()).contains("whole number").contains("'a year'");
    });
  }

  @Test
  void givenMissingValue_load_namesTheMissingKeyAndItsSection() throws IOException {
    Path file = example(text -> text.replace(
        "    tenant-id: 11111111-1111-1111-1111-111111111111\n", ""));

    assertThat(problems(file)).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("tenants[0].tenant-id");
      assertThat(p.line()).isEqualTo(lineOf(file, "- name: production"));
      assertThat(p.message()).contains("missing required key 'tenant-id'");
    });
  }

  @Test
  void givenKeysWithoutValues_load_reportsEachOne() throws IOException {
    Path file = example(text -> text
        .replace("tenant-id: 11111111-1111-1111-1111-111111111111", "tenant-id:")
        .replace("note-subject: \"Secret/Certificaat renewal failed\"", "note-subject: \" \"")
        .replace("url: https://passwordstate.example.org", "url:"));

    assertThat(problems(file)).extracting(Problem::path, Problem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple("renewal.texts.note-subject", "must not be blank"),
        org.assertj.core.groups.Tuple.tuple("tenants[0].tenant-id",
            "required key 'tenant-id' has no value"),
        org.assertj.core.groups.Tuple.tuple("passwordstate.url",
            "required key 'url' has no value"));
  }

  @Test
  void givenNoTenants_load_asksForOne() throws IOException {
    Path file = directory.resolve("renewal.yaml");
    String text = Files.readString(EXAMPLE);
    Files.writeString(file, text.substring(0, text.indexOf("\ntenants:")) + "\ntenants: []\n"
        + text.substring(text.indexOf("\npasswordstate:")));

    assertThat(problems(file)).extracting(Problem::message)
        .contains("list at least one tenant");
  }

  @Test
  void givenBadGuid_load_namesTheKeyAndLine() throws IOException {
    Path file = example(text -> text.replace("22222222-2222-2222-2222-222222222222", "onderwijs"));

    assertThat(problems(file)).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("tenants[1].tenant-id");
      assertThat(p.line()).isEqualTo(lineOf(file, "tenant-id: onderwijs"));
      assertThat(p.message()).contains("must be a GUID");
    });
  }

  @Test
  void givenUnsetEnvironmentVariable_load_namesTheVariableAndLine() throws IOException {
    Path file = example(text -> text);

    List<Problem> problems = problems(file, Map.of("PASSWORDSTATE_API_KEY", "x"));

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("ivanti.auth.api-key.env");
      assertThat(p.line()).isEqualTo(lineOf(file, "api-key: {env: IVANTI_API_KEY}"));
      assertThat(p.message()).isEqualTo("environment variable IVANTI_API_KEY is not set");
    });
  }

  @Test
  void givenSeveralMistakes_load_reportsThemAllInFileOrder() throws IOException {
    Path file = example(text -> text
        .replace("secret-validity-days: 365", "secret-validity-days: -1")
        .replace("https://itsm.example.org", "itsm.example.org")
        .replace("protocol: adcs", "protocol: scep"));

    List<Problem> problems = problems(file);

    assertThat(problems).extracting(Problem::path).containsExactly(
        "renewal.secret-validity-days", "ivanti.url", "pki.protocol");
    assertThat(problems).extracting(Problem::line).isSorted();
  }

  @Test
  void givenInlineSecret_load_refusesItWithoutRepeatingIt() throws IOException {
    Path file = example(text -> text.replace("system-key: {env: PASSWORDSTATE_API_KEY}",
        "system-key: hunter2-inline"));

    ConfigurationException failure = catchFailure(file, ENVIRONMENT);

    assertThat(failure.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("passwordstate.system-key");
      assertThat(p.message()).contains("secret values are not accepted");
    });
    assertThat(failure.getMessage()).doesNotContain("hunter2");
  }

  @Test
  void givenPasswordstateKeyFromPasswordstate_load_refusesTheLoop() throws IOException {
    Path file = example(text -> text.replace("system-key: {env: PASSWORDSTATE_API_KEY}",
        "system-key: {passwordstate: {list: 8620, title: api}}"));

    assertThat(problems(file)).anySatisfy(p -> {
      assertThat(p.path()).isEqualTo("passwordstate.system-key.passwordstate");
      assertThat(p.message()).contains("cannot come from Passwordstate itself");
    });
  }

  @Test
  void givenListWithoutKey_load_namesTheListThatCannotBeOpened() throws IOException {
    Path file = example(text -> text.replace("  system-key: {env: PASSWORDSTATE_API_KEY}\n", ""));

    assertThat(problems(file)).extracting(Problem::message)
        .anySatisfy(m -> assertThat(m).contains("no API key opens list 7651"))
        .anySatisfy(m -> assertThat(m).contains("no API key opens list 8620"));
  }

  @Test
  void givenYamlSyntaxError_load_namesTheLine() throws IOException {
    Path file = example(text -> text.replace("  certificate-list: 6691",
        "  certificate-list: [6691"));

    assertThat(problems(file)).singleElement().satisfies(p ->
        assertThat(p.message()).startsWith("not valid YAML"));
  }

  @Test
  void givenMissingFile_load_saysHowToProvideOne() {
    assertThat(problems(directory.resolve("absent.yaml"))).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("does not exist").contains("--config"));
  }

  @Test
  void givenFileReference_resolve_readsTheFileWithoutItsLineBreak() throws IOException {
    Path keyFile = directory.resolve("ps.key");
    Files.writeString(keyFile, "file-key-value\n");
    Path file = example(text -> text.replace("system-key: {env: PASSWORDSTATE_API_KEY}",
        "system-key: {file: ps.key}"));

    RunnerConfig config = new ConfigLoader(ENVIRONMENT).load(file);
    Secret key = ReferenceSecrets.bootstrap(ENVIRONMENT)
        .resolve(config.passwordstate().apiKey("7651").orElseThrow());

    assertThat(key.reveal()).isEqualTo("file-key-value");
  }

  private Path example(java.util.function.UnaryOperator<String> edit) throws IOException {
    Path file = directory.resolve("renewal.yaml");
    Files.writeString(file, edit.apply(Files.readString(EXAMPLE)));
    // The example names the issuing CA's certificate file; loading only checks it exists.
    Files.writeString(directory.resolve("issuing-ca.pem"), "");
    return file;
  }

  private static int lineOf(Path file, String text) throws IOException {
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line contains " + text);
  }

  private static List<Problem> problems(Path file) {
    return problems(file, ENVIRONMENT);
  }

  private static List<Problem> problems(Path file, Map<String, String> environment) {
    return catchFailure(file, environment).problems();
  }

  private static ConfigurationException catchFailure(Path file, Map<String, String> environment) {
    ConfigurationException[] caught = new ConfigurationException[1];
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> new ConfigLoader(environment).load(file))
        .satisfies(e -> caught[0] = e);
    return caught[0];
  }
}
