package io.entrarenewal.runner.service;

import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import io.entrarenewal.sandbox.World;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sandbox for a try-out of the service: started with its demo world, with a configuration
 * file for it. The file names the sandbox's throw-away keys as environment references, and the
 * environment handed to the configuration loader holds them, so no key is written to disk.
 *
 * @param sandbox the running sandbox
 * @param configFile the configuration for it
 * @param environment the environment its references are resolved against
 */
record SandboxSetup(Sandbox sandbox, Path configFile, Map<String, String> environment) {

  private static final String EDUCATION_SUFFIX = "_OND";
  private static final String TRUST_PASSWORD = "SANDBOX_TRUST_STORE_PASSWORD";
  private static final String IVANTI_KEY = "SANDBOX_IVANTI_API_KEY";

  /** Starts the sandbox and writes its configuration and trust store into {@code directory}. */
  static SandboxSetup start(Path directory) {
    Sandbox sandbox = Sandbox.start(SandboxOptions.defaults());
    try {
      Path trustStore = sandbox.writeTrustStore(directory);
      Map<String, String> environment = environment(sandbox.world());
      Path config = directory.resolve("renewal.yaml");
      Files.writeString(config, yaml(sandbox, trustStore.getFileName().toString()),
          StandardCharsets.UTF_8);
      return new SandboxSetup(sandbox, config, environment);
    } catch (IOException | RuntimeException e) {
      sandbox.close();
      throw e instanceof IOException io
          ? new UncheckedIOException("cannot write the sandbox configuration", io)
          : (RuntimeException) e;
    }
  }

  /** Names only: the values stay in memory. */
  @Override
  public String toString() {
    return "SandboxSetup[" + configFile + ", " + environment.size() + " variables]";
  }

  private static Map<String, String> environment(World world) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put(TRUST_PASSWORD, Sandbox.TRUST_STORE_PASSWORD);
    environment.put(IVANTI_KEY, world.ivanti().apiKey());
    world.passwordstate().listApiKeys()
        .forEach((list, key) -> environment.put(listKey(list), key));
    return environment;
  }

  private static String yaml(Sandbox sandbox, String trustStoreFile) {
    World world = sandbox.world();
    World.Passwordstate vault = world.passwordstate();
    String trust = "{path: " + trustStoreFile + ", password: {env: " + TRUST_PASSWORD + "}}";
    StringBuilder yaml = new StringBuilder()
        .append("# The built-in sandbox on 127.0.0.1 with its demo world, for this run only.\n")
        .append("renewal:\n")
        .append("  certificate-list: \"").append(vault.certificateListId()).append("\"\n")
        .append("  texts:\n")
        .append("    hand-over-team: \"").append(world.ivanti().handOverTeam()).append("\"\n")
        .append("tenants:\n");
    for (World.Tenant tenant : world.tenants()) {
      yaml.append("  - name: ").append(tenant.name()).append('\n')
          .append("    tenant-id: ").append(tenant.tenantId()).append('\n')
          .append("    secret-list: \"").append(tenant.secretListId()).append("\"\n");
      if (tenant.name().equals("education")) {
        yaml.append("    shared-suffix: ").append(EDUCATION_SUFFIX).append('\n');
      }
      yaml.append("    graph-account: {passwordstate: {list: \"")
          .append(vault.systemAccountsListId()).append("\", title: \"")
          .append(tenant.accountTitle()).append("\"}}\n");
    }
    yaml.append("graph:\n")
        .append("  authority-host: ").append(withoutSlash(sandbox.entraAuthorityHost()))
        .append('\n')
        .append("  graph-url: ").append(origin(sandbox.graphBaseUri())).append('\n')
        .append("  trust-store: ").append(trust).append('\n')
        .append("passwordstate:\n")
        .append("  url: ").append(withoutSlash(sandbox.passwordstateBaseUri())).append('\n')
        .append("  trust-store: ").append(trust).append('\n')
        .append("  lists:\n");
    for (Integer list : new TreeMap<>(vault.listApiKeys()).keySet()) {
      yaml.append("    \"").append(list).append("\": {api-key: {env: ").append(listKey(list))
          .append('}').append(metadataField(world, list)).append("}\n");
    }
    yaml.append("ivanti:\n")
        .append("  url: ").append(withoutSlash(sandbox.ivantiBaseUri())).append('\n')
        .append("  trust-store: ").append(trust).append('\n')
        .append("  auth: {api-key: {env: ").append(IVANTI_KEY).append("}}\n")
        .append("pki:\n")
        .append("  protocol: adcs\n")
        .append("  url: ").append(withoutSlash(sandbox.adcsBaseUri())).append('\n')
        .append("  default-template: \"").append(world.adcs().defaultTemplate()).append("\"\n")
        .append("  account: {passwordstate: {list: \"").append(vault.systemAccountsListId())
        .append("\", title: \"").append(vault.pkiAccountTitle()).append("\"}}\n")
        .append("  trust-store: ").append(trust).append('\n');
    return yaml.toString();
  }

  private static String metadataField(World world, int list) {
    if (list == world.passwordstate().certificateListId()) {
      return ", metadata-field: GenericField7";
    }
    boolean secretList = world.tenants().stream().anyMatch(t -> t.secretListId() == list);
    return secretList ? ", metadata-field: GenericField6" : "";
  }

  private static String listKey(int list) {
    return "SANDBOX_PASSWORDSTATE_LIST_" + list + "_KEY";
  }

  private static String withoutSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority();
  }
}
