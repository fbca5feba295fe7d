package io.entrarenewal.runner.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.runner.cli.Launch;
import io.entrarenewal.runner.cli.RenewalCommand;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secret canary through the {@code renewal} command: {@code demo}, verbose and as JSON,
 * renews and hands over every app of the sandbox's demo world. Nothing it prints, logs or writes
 * into the ITSM queue or the vault's non-secret fields may hold a secret value the sandbox holds
 * afterwards, nor any JWT.
 */
class CommandLineCanaryTest {

  private static final Pattern JWT =
      Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}");

  @TempDir
  Path directory;

  @Test
  void demo_verboseAndAsJson_printsAndWritesNoSecret() {
    AtomicReference<Sandbox> started = new AtomicReference<>();
    Launch launch = new Launch(Map.of(), directory, null, Clock.systemUTC(), options -> {
      Sandbox sandbox = Sandbox.start(options);
      started.set(sandbox);
      return sandbox;
    });
    List<String> written = new ArrayList<>();
    Set<String> canaries = new LinkedHashSet<>();

    try (CapturedLogs logs = CapturedLogs.capture()) {
      for (String[] args : List.of(new String[] {"demo", "--verbose"},
          new String[] {"demo", "--json"})) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = RenewalCommand.run(launch, new PrintWriter(out), new PrintWriter(err), args);
        assertThat(exit).as(out + "\n" + err).isZero();
        written.add(out.toString());
        written.add(err.toString());
        try (Sandbox sandbox = started.get()) {
          collect(sandbox, canaries, written);
        }
      }
      written.addAll(logs.productTexts());
    }

    assertThat(canaries).as("canary values collected").hasSizeGreaterThan(20);
    List<String> hits = new ArrayList<>();
    for (String text : written) {
      canaries.stream().filter(text::contains)
          .forEach(c -> hits.add(c.substring(0, 4) + "... in: " + abbreviate(text)));
      if (JWT.matcher(text).find()) {
        hits.add("a JWT in: " + abbreviate(text));
      }
    }
    assertThat(hits).as("secret values in what the command wrote").isEmpty();
  }

  /** The sandbox's secrets after the run, and what the run wrote into its ITSM and vault. */
  private static void collect(Sandbox sandbox, Set<String> canaries, List<String> written) {
    SandboxState state = sandbox.state();
    canaries.add(sandbox.world().passwordstate().systemApiKey());
    canaries.addAll(sandbox.world().passwordstate().listApiKeys().values());
    canaries.add(sandbox.world().ivanti().apiKey());
    List<Secret> passwords = new ArrayList<>();
    List<Integer> lists = new ArrayList<>(List.of(
        sandbox.world().passwordstate().systemAccountsListId(),
        sandbox.world().passwordstate().certificateListId()));
    sandbox.world().tenants().forEach(t -> lists.add(t.secretListId()));
    for (int list : lists) {
      for (Map<String, Object> record : state.passwordRecords(list)) {
        if (record.get("Password") instanceof String p && p.length() >= 8) {
          canaries.add(p);
          passwords.add(Secret.of(p));
        }
        Map<String, Object> withoutPassword = new LinkedHashMap<>(record);
        withoutPassword.remove("Password");
        written.add(withoutPassword.toString());
      }
    }
    for (int id = 1; id < 2_000; id++) {
      state.document(id).ifPresent(pfx -> addDocument(pfx, passwords, canaries));
    }
    for (String set : List.of("Task__Assignments", "Journal__Notess", "ServiceReqs",
        "ServiceReqParams")) {
      state.ivantiRecords(set).forEach(r -> written.add(r.toString()));
    }
  }

  private static void addDocument(byte[] pfx, List<Secret> passwords, Set<String> canaries) {
    String encoded = Base64.getEncoder().encodeToString(pfx);
    if (encoded.length() > 160) {
      canaries.add(encoded.substring(100, 160));
    }
    for (Secret password : passwords) {
      try {
        CertificateKeyPair opened =
            io.entrarenewal.adapter.pki.Pkcs12Files.create().open(pfx, password);
        String key = Base64.getEncoder().encodeToString(opened.privateKey().getEncoded());
        canaries.add(key.substring(100, 160));
        return;
      } catch (RuntimeException wrongPassword) {
        // Not this password: try the next one.
      }
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
