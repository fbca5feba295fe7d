package io.entrarenewal.runner.cli;

import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import io.entrarenewal.sandbox.World;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes a configuration for a running sandbox into a directory: {@code renewal.yaml}, the
 * sandbox's TLS trust store, the AD CS issuing CA's certificate, and one file per secret under
 * {@code secrets/} (readable by the owner only), which the configuration names with
 * {@code {file: ...}} references. Like the original deployment, the Graph and PKI accounts are
 * read from Passwordstate at run time.
 */
public final class SandboxConfiguration {

  /** The configuration file's name. */
  public static final String CONFIG_FILE = "renewal.yaml";
  private static final String NO_DELAY = "sun.net.httpserver.nodelay";
  private static final String CA_FILE = "issuing-ca.pem";
  private static final String SECRETS = "secrets";
  private static final String TRUST_STORE_PASSWORD_FILE = SECRETS + "/trust-store-password";
  private static final String IVANTI_KEY_FILE = SECRETS + "/ivanti-api-key";
  /** The suffix the education tenant's apps carry, as in the original deployment. */
  private static final String EDUCATION_SUFFIX = "_OND";

  private SandboxConfiguration() {}

  /**
   * Starts the sandbox. Its JDK HTTP server sends headers and body in separate writes; without
   * TCP_NODELAY each reply then waits for the client's delayed acknowledgement (about 40 ms),
   * which would make the demo's few hundred requests take several seconds longer.
   */
  public static Sandbox start(SandboxOptions options) {
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
    return Sandbox.start(options);
  }

  /** Writes the files and returns the configuration file. */
  public static Path write(Sandbox sandbox, Path directory) {
    try {
      Files.createDirectories(directory.resolve(SECRETS));
      restrictToOwner(directory.resolve(SECRETS), "rwx------");
      Path trustStore = sandbox.writeTrustStore(directory);
      writeSecret(directory, TRUST_STORE_PASSWORD_FILE, Sandbox.TRUST_STORE_PASSWORD);
      World world = sandbox.world();
      writeSecret(directory, IVANTI_KEY_FILE, world.ivanti().apiKey());
      for (Map.Entry<Integer, String> list : world.passwordstate().listApiKeys().entrySet()) {
        writeSecret(directory, listKeyFile(list.getKey()), list.getValue());
      }
      Files.writeString(directory.resolve(CA_FILE),
          pem(sandbox.state().issuingCaCertificate()), StandardCharsets.US_ASCII);
      // Written aside and moved into place, so that a reader never sees half a file.
      Path config = directory.resolve(CONFIG_FILE);
      Path partial = directory.resolve(CONFIG_FILE + ".partial");
      Files.writeString(partial, yaml(sandbox, trustStore.getFileName().toString()),
          StandardCharsets.UTF_8);
      Files.move(partial, config, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sandbox configuration into " + directory,
          e);
    }
  }

  /**
   * Deletes a directory {@link #write} filled, with the sandbox's throw-away keys in it, once
   * the sandbox it was written for has stopped.
   */
  public static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the sandbox's directory " + directory, e);
    }
  }

  private static String yaml(Sandbox sandbox, String trustStoreFile) {
    World world = sandbox.world();
    World.Passwordstate vault = world.passwordstate();
    World.Ivanti ivanti = world.ivanti();
    String trust = "{path: " + trustStoreFile + ", password: {file: "
        + TRUST_STORE_PASSWORD_FILE + "}}";
    StringBuilder yaml = new StringBuilder()
        .append("# The built-in sandbox: every system on 127.0.0.1, trusted through the\n")
        .append("# sandbox's own CA. Written for this run only: the ports change on every\n")
        .append("# start. The files under secrets/ hold the sandbox's throw-away keys.\n\n")
        .append("renewal:\n")
        .append("  certificate-list: ").append(vault.certificateListId()).append('\n')
        .append("  renew-before-days: 30\n")
        .append("  texts:\n")
        .append("    hand-over-team: ").append(quoted(ivanti.handOverTeam())).append("\n\n")
        .append("tenants:\n");
    for (World.Tenant tenant : world.tenants()) {
      yaml.append("  - name: ").append(tenant.name()).append('\n')
          .append("    tenant-id: ").append(tenant.tenantId()).append('\n')
          .append("    secret-list: ").append(tenant.secretListId()).append('\n');
      if (tenant.name().equals("education")) {
        yaml.append("    shared-suffix: ").append(EDUCATION_SUFFIX).append('\n');
      }
      yaml.append("    graph-account: {passwordstate: {list: ")
          .append(vault.systemAccountsListId()).append(", title: ")
          .append(tenant.accountTitle()).append("}}\n");
    }
    yaml.append("\npasswordstate:\n")
        .append("  url: ").append(withoutSlash(sandbox.passwordstateBaseUri())).append('\n')
        .append("  trust-store: ").append(trust).append('\n')
        .append("  lists:\n");
    for (Integer list : new TreeMap<>(vault.listApiKeys()).keySet()) {
      yaml.append("    \"").append(list).append("\": {api-key: {file: ")
          .append(listKeyFile(list)).append('}').append(metadataField(world, list))
          .append("}\n");
    }
    yaml.append("\nivanti:\n")
        .append("  url: ").append(withoutSlash(sandbox.ivantiBaseUri())).append('\n')
        .append("  trust-store: ").append(trust).append('\n')
        .append("  auth:\n")
        .append("    api-key: {file: ").append(IVANTI_KEY_FILE).append("}\n")
        .append("  owner-team: ").append(quoted(ivanti.automationTeam())).append('\n')
        .append("  request-creation:\n")
        .append("    subscription-id: ").append(ivanti.subscriptionId()).append('\n')
        .append("    app-id-parameter-id: ").append(ivanti.parameterIds().get("AppID"))
        .append('\n')
        .append("    secret-type-parameter-id: ")
        .append(ivanti.parameterIds().get("SecretType")).append('\n')
        .append("    secret-type-option-ids:\n")
        .append("      secret: ").append(ivanti.secretTypeOptionIds().get("Secret")).append('\n')
        .append("      certificate: ").append(ivanti.secretTypeOptionIds().get("Certificaat"))
        .append('\n')
        .append("    # The sandbox does not model employees: it accepts any requester id.\n")
        .append("    requester-id: ").append(ivanti.subscriptionId()).append("\n\n")
        .append("graph:\n")
        .append("  authority-host: ").append(withoutSlash(sandbox.entraAuthorityHost()))
        .append('\n')
        .append("  graph-url: ").append(origin(sandbox.graphBaseUri())).append('\n')
        .append("  trust-store: ").append(trust).append("\n\n")
        .append("pki:\n")
        .append("  protocol: adcs\n")
        .append("  # Entra's minimum, not the default 3072: a try-out's keys guard nothing\n")
        .append("  # and a 2048-bit key is made several times faster.\n")
        .append("  key-size: 2048\n")
        .append("  url: ").append(withoutSlash(sandbox.adcsBaseUri())).append('\n')
        .append("  default-template: ").append(world.adcs().defaultTemplate()).append('\n')
        .append("  account: {passwordstate: {list: ").append(vault.systemAccountsListId())
        .append(", title: ").append(vault.pkiAccountTitle()).append("}}\n")
        .append("  ca-certificates: ").append(CA_FILE).append('\n')
        .append("  trust-store: ").append(trust).append("\n\n")
        .append("# This sandbox's apps are its own: its runners share lock files here only.\n")
        .append("locks:\n")
        .append("  directory: locks\n");
    return yaml.toString();
  }

  private static String metadataField(World world, int list) {
    if (list == world.passwordstate().certificateListId()) {
      return ", metadata-field: GenericField7";
    }
    boolean secretList = world.tenants().stream().anyMatch(t -> t.secretListId() == list);
    return secretList ? ", metadata-field: GenericField6" : "";
  }

  private static String listKeyFile(int list) {
    return SECRETS + "/passwordstate-list-" + list + "-key";
  }

  private static void writeSecret(Path directory, String name, String value) throws IOException {
    Path file = directory.resolve(name);
    Files.deleteIfExists(file);
    Files.createFile(file);
    restrictToOwner(file, "rw-------");
    Files.writeString(file, value, StandardCharsets.UTF_8);
  }

  private static void restrictToOwner(Path path, String permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the file keeps the directory's default permissions.
    }
  }

  private static String pem(X509Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode the issuing CA's certificate", e);
    }
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String withoutSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority();
  }
}
