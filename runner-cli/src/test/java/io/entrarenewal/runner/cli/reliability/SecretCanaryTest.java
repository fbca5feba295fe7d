package io.entrarenewal.runner.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.sandbox.Fault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every secret value the sandbox issued or stored while the product renewed, failed and handed
 * over (client secrets, PFX passwords, PFX files, private keys, API keys, tokens) is searched for
 * in everything the product wrote: its logs at DEBUG with exception stacks, stdout and stderr,
 * every ITSM record and note, the vault's non-secret fields, its results and exception messages,
 * and the files it left in the temporary directory. No value may appear anywhere.
 */
class SecretCanaryTest {

  /** Three dot-separated base64url parts starting with a JSON header: any JWT. */
  private static final Pattern JWT =
      Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}");

  private final Set<String> canaries = new LinkedHashSet<>();
  private final List<String> written = new ArrayList<>();

  @Test
  void givenRenewalsFailuresAndHandOvers_nothingTheProductWrote_holdsASecret() throws Exception {
    Instant started = Instant.now().minusSeconds(1);
    Path temp = Path.of(System.getProperty("java.io.tmpdir"));
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (SandboxRig rig = SandboxRig.start(); CapturedLogs logs = CapturedLogs.capture()) {
      System.setOut(new PrintStream(new Tee(out, console), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new Tee(err, console), true, StandardCharsets.UTF_8));
      try {
        runScenarios(rig);
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
      collectCanaries(rig);
      written.addAll(logs.productTexts());
      written.add(console.toString(StandardCharsets.UTF_8));
      for (String set : List.of("Task__Assignments", "Journal__Notess", "ServiceReqs",
          "ServiceReqParams")) {
        rig.state().ivantiRecords(set).forEach(r -> written.add(r.toString()));
      }
      for (int list : lists(rig)) {
        for (Map<String, Object> record : rig.state().passwordRecords(list)) {
          Map<String, Object> withoutPassword = new LinkedHashMap<>(record);
          withoutPassword.remove("Password");
          written.add(withoutPassword.toString());
        }
      }
    }
    written.addAll(newTemporaryFiles(temp, started));

    assertThat(canaries).as("canary values collected").hasSizeGreaterThan(30);
    List<String> hits = new ArrayList<>();
    for (String text : written) {
      for (String canary : canaries) {
        if (text.contains(canary)) {
          hits.add(canary.substring(0, 4) + "... in: " + abbreviate(text));
        }
      }
      if (JWT.matcher(text).find()) {
        hits.add("a JWT in: " + abbreviate(text));
      }
    }
    assertThat(hits).as("secret values in what the product wrote").isEmpty();
  }

  /** Renewals, ambiguous and clean failures, hand-overs: the paths that write the most. */
  private void runScenarios(SandboxRig rig) {
    SandboxRig.SecretCase secret = rig.secretCase("canary-secret");
    remember(rig, secret.passwordId());
    record(rig.run(secret.task()));

    SandboxRig.SecretCase lost = rig.secretCase("canary-lost");
    remember(rig, lost.passwordId());
    rig.sandbox().faults().inject("POST", "/v1\\.0/applications/[^/]+/addPassword", 1,
        Fault.dropReply());
    record(rig.run(lost.task()));

    SandboxRig.SecretCase refused = rig.secretCase("canary-vault-refused");
    remember(rig, refused.passwordId());
    rig.sandbox().faults().inject("PUT", "/api/passwords", 1, Fault.status(403,
        "application/json", "[{\"errors\":[{\"message\":\"Forbidden\"}]}]"));
    record(rig.run(refused.task()));
    record(rig.run(refused.task()));

    SandboxRig.SecretCase hung = rig.secretCase("canary-hung");
    rig.sandbox().faults().inject("PUT", "/api/passwords", 1, Fault.hang(SandboxRig.HANG));
    record(rig.run(hung.task()));
    record(rig.run(hung.task()));

    SandboxRig.CertificateCase certificate = rig.certificateCase("canary-certificate");
    remember(rig, certificate.passwordId());
    record(rig.run(certificate.task()));

    SandboxRig.CertificateCase addKeyLost = rig.certificateCase("canary-addkey-lost");
    remember(rig, addKeyLost.passwordId());
    rig.sandbox().faults().inject("POST", "/v1\\.0/applications/[^/]+/addKey", 1,
        Fault.dropReply());
    record(rig.run(addKeyLost.task()));
    record(rig.run(addKeyLost.task()));

    SandboxRig.CertificateCase addKeyRefused = rig.certificateCase("canary-addkey-refused");
    remember(rig, addKeyRefused.passwordId());
    rig.sandbox().faults().inject("POST", "/v1\\.0/applications/[^/]+/addKey", 1,
        Fault.status(401, "application/json", "{\"error\":{\"code\":"
            + "\"Authentication_MissingOrMalformed\",\"message\":\"Access Token missing.\"}}"));
    record(rig.run(addKeyRefused.task()));

    SandboxRig.CertificateCase wrongPassword = rig.certificateCase("canary-wrong-password");
    remember(rig, wrongPassword.passwordId());
    rig.state().updatePasswordRecord(wrongPassword.passwordId(),
        Map.of("Password", "canary-wrong-pfx-password-7f3a9c"));
    canaries.add("canary-wrong-pfx-password-7f3a9c");
    record(rig.run(wrongPassword.task()));

    rig.sandbox().faults().inject("POST", "/[^/]+/oauth2/v2\\.0/token", 1,
        Fault.status(401, "application/json", "{\"error\":\"invalid_client\","
            + "\"error_description\":\"AADSTS7000215: Invalid client secret provided.\"}"));
    record(rig.run(rig.secretCase("canary-token-refused").task()));

    rig.sandbox().faults().clear();
    rig.state().setPropagationDelay(SandboxRig.PRODUCTION, Duration.ofSeconds(30));
    record(rig.run(rig.secretCase("canary-never-propagates").task()));
    rig.state().setPropagationDelay(SandboxRig.PRODUCTION, Duration.ZERO);
  }

  private void record(SandboxRig.RunResult run) {
    if (run.result() != null) {
      written.add(run.result().toString());
      written.add(run.result().detail());
    }
    for (Throwable t = run.failure(); t != null; t = t.getCause()) {
      written.add(t.toString());
    }
  }

  /** The values a case starts with, which later runs replace in the vault. */
  private void remember(SandboxRig rig, int passwordId) {
    addPassword(rig.record(passwordId).get("Password"));
  }

  private void collectCanaries(SandboxRig rig) {
    canaries.add(rig.world().passwordstate().systemApiKey());
    canaries.addAll(rig.world().passwordstate().listApiKeys().values());
    canaries.add(rig.world().ivanti().apiKey());
    List<Secret> pfxPasswords = new ArrayList<>();
    for (int list : lists(rig)) {
      for (Map<String, Object> record : rig.state().passwordRecords(list)) {
        addPassword(record.get("Password"));
        if (record.get("Password") instanceof String p && !p.isEmpty()) {
          pfxPasswords.add(Secret.of(p));
        }
      }
    }
    for (int id = 1; id < 2_000; id++) {
      rig.state().document(id).ifPresent(pfx -> addDocument(rig, pfx, pfxPasswords));
    }
  }

  private void addPassword(Object value) {
    if (value instanceof String password && password.length() >= 8) {
      canaries.add(password);
    }
  }

  /** The file itself (in base64) and, where a known password opens it, its private key. */
  private void addDocument(SandboxRig rig, byte[] pfx, List<Secret> passwords) {
    String encoded = Base64.getEncoder().encodeToString(pfx);
    if (encoded.length() > 160) {
      canaries.add(encoded.substring(100, 160));
    }
    for (Secret password : passwords) {
      try {
        CertificateKeyPair opened = rig.pfxFiles().open(pfx, password);
        String key = Base64.getEncoder().encodeToString(opened.privateKey().getEncoded());
        canaries.add(key.substring(100, 160));
        canaries.add(Base64.getMimeEncoder().encodeToString(opened.privateKey().getEncoded())
            .lines().skip(2).findFirst().orElseThrow());
        return;
      } catch (RuntimeException wrongPassword) {
        // Not this password: try the next one.
      }
    }
  }

  private static List<Integer> lists(SandboxRig rig) {
    List<Integer> lists = new ArrayList<>(List.of(
        rig.world().passwordstate().systemAccountsListId(),
        rig.world().passwordstate().certificateListId()));
    rig.world().tenants().forEach(t -> lists.add(t.secretListId()));
    return lists;
  }

  /** The content of every file under the temporary directory written since the suite began. */
  private static List<String> newTemporaryFiles(Path temp, Instant since) throws IOException {
    List<String> contents = new ArrayList<>();
    try (Stream<Path> files = Files.find(temp, 4, (path, attributes) ->
        attributes.isRegularFile() && attributes.size() < 20_000_000
            && modifiedSince(attributes, since) && !isSandboxKeyCache(path))) {
      for (Path file : files.toList()) {
        try {
          contents.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        } catch (IOException unreadable) {
          // Another user's file, or gone already: not the product's.
        }
      }
    } catch (java.io.UncheckedIOException walkProblem) {
      // A directory that vanished or cannot be read while walking: not the product's.
    }
    return contents;
  }

  /** The sandbox's own key pool, which holds its keys by design: not the product's file. */
  private static boolean isSandboxKeyCache(Path path) {
    String name = path.getFileName().toString();
    return name.startsWith("entrarenewal-sandbox-keys-") || name.startsWith("sandbox-keys");
  }

  private static boolean modifiedSince(BasicFileAttributes attributes, Instant since) {
    return attributes.lastModifiedTime().toInstant().isAfter(since);
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  /** Writes to the original stream and keeps a copy. */
  private static final class Tee extends java.io.OutputStream {
    private final PrintStream original;
    private final ByteArrayOutputStream copy;

    Tee(PrintStream original, ByteArrayOutputStream copy) {
      this.original = original;
      this.copy = copy;
    }

    @Override
    public synchronized void write(int b) {
      original.write(b);
      copy.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      original.write(b, off, len);
      copy.write(b, off, len);
    }
  }
}
