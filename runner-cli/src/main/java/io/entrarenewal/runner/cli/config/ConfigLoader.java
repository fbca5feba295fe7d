package io.entrarenewal.runner.cli.config;

import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.RenewalSettings;
import io.entrarenewal.core.domain.TaskTexts;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.domain.Texts;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the YAML configuration file into a {@link RunnerConfig}. Unknown keys, wrong types,
 * missing values, malformed GUIDs and URLs, unset environment variables and unreadable files are
 * all reported at once, each with its key path and line; nothing is returned unless the whole
 * file is valid.
 *
 * <pre>{@code
 * RunnerConfig config = new ConfigLoader(System.getenv()).load(Path.of("renewal.yaml"));
 * }</pre>
 */
public final class ConfigLoader {

  private static final URI GLOBAL_AUTHORITY = URI.create("https://login.microsoftonline.com");
  private static final URI GLOBAL_GRAPH = URI.create("https://graph.microsoft.com");
  private static final Pattern GENERIC_FIELD = Pattern.compile("GenericField([1-9]|10)");
  private static final int MAX_FILE_BYTES = 1 << 20;
  /** Shared by the runners of this account on this host that leave the directory out. */
  static final Path DEFAULT_LOCK_DIRECTORY = Path.of(System.getProperty("java.io.tmpdir"),
      "entra-renewal-locks-" + System.getProperty("user.name", "").replaceAll("[^\\w.-]", "_"));

  private final Map<String, String> environment;

  /** A loader resolving {@code {env: NAME}} references against {@code environment}. */
  public ConfigLoader(Map<String, String> environment) {
    this.environment = Map.copyOf(Objects.requireNonNull(environment, "'environment' is null"));
  }

  /**
   * Reads and validates the file.
   *
   * @throws ConfigurationException listing every problem found
   */
  public RunnerConfig load(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    List<Problem> problems = new ArrayList<>();
    Node root = parse(absolute, problems);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(absolute, problems);
    }
    YamlSection.Context context =
        new YamlSection.Context(problems, environment, absolute.getParent());
    RunnerConfig config = read(absolute, YamlSection.root(root, context), problems);
    if (!problems.isEmpty() || config == null) {
      if (problems.isEmpty()) {
        problems.add(new Problem("", 1, "the file is incomplete; see docs/configuration.md"));
      }
      problems.sort(Comparator.comparingInt(Problem::line));
      throw new ConfigurationException(absolute, problems);
    }
    return config;
  }

  private static Node parse(Path file, List<Problem> problems) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        problems.add(new Problem("", 1, "the file is larger than 1 MiB"));
        return null;
      }
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(true);
      options.setMaxAliasesForCollections(20);
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        return new Yaml(options).compose(reader);
      }
    } catch (NoSuchFileException e) {
      problems.add(new Problem("", 0, "the file does not exist; create it (see"
          + " docs/configuration.md) or name another with --config"));
    } catch (MarkedYAMLException e) {
      // Only the problem and its position: the parser's snippet of the line could hold a value.
      int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
      problems.add(new Problem("", line, "not valid YAML: " + e.getProblem()));
    } catch (IOException | RuntimeException e) {
      problems.add(new Problem("", 0, "cannot be read: " + e.getClass().getSimpleName()));
    }
    return null;
  }

  private RunnerConfig read(Path file, YamlSection root, List<Problem> problems) {
    GraphConfig graph = graph(root.section("graph"));
    List<TenantConfig> tenants = tenants(root, graph);
    PkiConfig pki = pki(root.section("pki"));
    RenewalSettings settings = settings(root.section("renewal"), tenants, pki, problems);
    PasswordstateConfig passwordstate = passwordstate(root.section("passwordstate"));
    IvantiConfig ivanti = ivanti(root.section("ivanti"));
    RunnerConfig.Locks locks = locks(root.section("locks"));
    root.finish();
    if (!problems.isEmpty()) {
      return null;
    }
    checkVaultLists(root, settings, tenants, passwordstate, pki);
    if (!problems.isEmpty()) {
      return null;
    }
    return new RunnerConfig(file, settings, tenants, passwordstate, ivanti, graph, pki, locks);
  }

  /** The lock files' directory is made when first used; only what is there already is checked. */
  private static RunnerConfig.Locks locks(YamlSection section) {
    String text = section.nonBlankText("directory", null);
    Integer wait = section.integer("wait-minutes", 15, 0, 1_440);
    Path directory = text == null ? DEFAULT_LOCK_DIRECTORY : section.resolve(text.strip());
    if (text != null && Files.exists(directory) && !Files.isDirectory(directory)) {
      section.problem("directory", directory + " exists and is not a directory");
    }
    section.finish();
    return wait == null ? null : new RunnerConfig.Locks(directory, Duration.ofMinutes(wait));
  }

  private static RenewalSettings settings(
      YamlSection renewal, List<TenantConfig> tenants, PkiConfig pki, List<Problem> problems) {
    String certificateList = renewal.requiredText("certificate-list");
    String secretTitle = pattern(renewal, "secret-title", "{app}");
    String certificateTitle = pattern(renewal, "certificate-title", "Certificaat {app}");
    Duration validity = renewal.days("secret-validity-days", 365);
    Duration renewBefore = renewal.days("renew-before-days", 30);
    Boolean administrativePath = renewal.bool("administrative-certificate-path", false);
    String prefix = renewal.text("credential-name-prefix", "renewal");
    if (prefix != null && (prefix.isBlank() || prefix.length() > 40)) {
      renewal.problem("credential-name-prefix", "must be 1 to 40 characters");
    }
    TaskTexts texts = texts(renewal.section("texts"));
    renewal.finish();
    if (!problems.isEmpty() || tenants.isEmpty() || pki == null) {
      return null;
    }
    try {
      return new RenewalSettings(tenants.stream().map(TenantConfig::tenant).toList(),
          certificateList.strip(), secretTitle, certificateTitle, validity, renewBefore,
          pki.defaultTemplate(), administrativePath, prefix, texts);
    } catch (IllegalArgumentException | NullPointerException e) {
      // The checks above mirror the record's; this only guards against them drifting apart.
      renewal.problem("", e.getMessage());
      return null;
    }
  }

  private static String pattern(YamlSection section, String key, String fallback) {
    String value = section.text(key, fallback);
    if (value != null && !value.contains("{app}")) {
      section.problem(key, "must contain {app}, the app's display name");
      return null;
    }
    return value;
  }

  private static TaskTexts texts(YamlSection section) {
    TaskTexts seed = TaskTexts.withTeam("team");
    String resolution = section.nonBlankText("resolution", seed.resolution());
    String team = section.requiredText("hand-over-team");
    String subject = section.nonBlankText("note-subject", seed.noteSubject());
    String category = section.nonBlankText("note-category", seed.noteCategory());
    Integer minutes = section.integer("time-spent-minutes", 1, 0, 10_000);
    section.finish();
    if (resolution == null || team == null || subject == null || category == null
        || minutes == null) {
      return null;
    }
    return new TaskTexts(resolution, team, subject, category, Duration.ofMinutes(minutes));
  }

  private static List<TenantConfig> tenants(YamlSection root, GraphConfig graph) {
    if (!root.has("tenants")) {
      root.problem("tenants", "missing required key 'tenants': list at least one tenant");
    }
    List<TenantConfig> tenants = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    List<YamlSection> sections = root.sections("tenants");
    if (sections.isEmpty() && root.has("tenants")) {
      root.problem("tenants", "list at least one tenant");
    }
    for (YamlSection section : sections) {
      TenantConfig tenant = tenant(section, graph);
      if (tenant != null && !names.add(tenant.name().toLowerCase(java.util.Locale.ROOT))) {
        section.problem("name", "tenant " + tenant.name() + " is configured twice");
      } else if (tenant != null) {
        tenants.add(tenant);
      }
    }
    return tenants;
  }

  private static TenantConfig tenant(YamlSection section, GraphConfig graph) {
    String name = section.requiredText("name");
    String directoryId = section.guid("tenant-id");
    String secretList = section.requiredText("secret-list");
    String suffix = section.text("shared-suffix", null);
    SecretRef account = section.secret("graph-account", true, true);
    String clientId = clientIdFor(section, account);
    URI authority = section.url("authority-host", graph == null ? null : graph.authorityHost());
    URI graphUrl = section.url("graph-url", graph == null ? null : graph.graphUrl());
    section.finish();
    if (name == null || directoryId == null || secretList == null || account == null
        || authority == null || graphUrl == null
        || (clientId == null && !(account instanceof SecretRef.Passwordstate))) {
      return null;
    }
    try {
      return new TenantConfig(new Tenant(name.strip(), directoryId, secretList.strip(), suffix),
          account, clientId, authority, graphUrl);
    } catch (IllegalArgumentException e) {
      section.problem("name", e.getMessage());
      return null;
    }
  }

  /** The client id: the vault entry's user name, else a key of its own. */
  private static String clientIdFor(YamlSection section, SecretRef account) {
    if (account instanceof SecretRef.Passwordstate) {
      if (section.has("graph-client-id")) {
        section.problem("graph-client-id", "is the user name of the Passwordstate entry;"
            + " leave it out");
      }
      return null;
    }
    if (account != null && !section.has("graph-client-id")) {
      section.problem("graph-client-id", "missing required key 'graph-client-id': an account"
          + " from env or file needs its client id");
      return null;
    }
    return section.has("graph-client-id") ? section.guid("graph-client-id") : null;
  }

  private static GraphConfig graph(YamlSection section) {
    URI authority = section.url("authority-host", GLOBAL_AUTHORITY);
    URI graphUrl = section.url("graph-url", GLOBAL_GRAPH);
    Duration propagation = section.seconds("propagation-window-seconds", 120);
    GraphConfig.ProofThumbprint proof = section.choice("proof-thumbprint",
        Map.of("x5t", GraphConfig.ProofThumbprint.X5T,
            "x5t#s256", GraphConfig.ProofThumbprint.X5T_S256,
            "both", GraphConfig.ProofThumbprint.BOTH),
        GraphConfig.ProofThumbprint.BOTH);
    Duration connect = section.seconds("connect-timeout-seconds", 10);
    Duration request = section.seconds("request-timeout-seconds", 60);
    TrustStore trust = trustStore(section);
    section.finish();
    if (authority == null || graphUrl == null || propagation == null || proof == null
        || connect == null || request == null) {
      return null;
    }
    return new GraphConfig(authority, graphUrl, propagation, proof, connect, request, trust);
  }

  private static PasswordstateConfig passwordstate(YamlSection section) {
    Connection connection = connection(section);
    String apiPath = section.text("api-path", "/api");
    SecretRef systemKey = section.secret("system-key", false, false);
    Map<String, PasswordstateConfig.VaultList> lists = new LinkedHashMap<>();
    section.sectionsById("lists").forEach((id, list) -> {
      SecretRef key = list.secret("api-key", false, false);
      String field = list.text("metadata-field", null);
      if (field != null && !GENERIC_FIELD.matcher(field.strip()).matches()) {
        list.problem("metadata-field",
            "must be GenericField1 to GenericField10, got " + Texts.quoteForHumans(field));
        field = null;
      }
      list.finish();
      lists.put(id, new PasswordstateConfig.VaultList(id, key, field == null ? "" : field.strip()));
    });
    String reason = section.text("reason", "Entra credential renewal");
    section.finish();
    if (connection == null || apiPath == null || reason == null) {
      return null;
    }
    return new PasswordstateConfig(connection, apiPath, systemKey, lists, reason);
  }

  private static IvantiConfig ivanti(YamlSection section) {
    Connection connection = connection(section);
    String prefix = section.text("path-prefix", "");
    IvantiConfig.Auth auth = ivantiAuth(section);
    YamlSection sets = section.section("entity-sets");
    IvantiConfig.EntitySets entitySets = new IvantiConfig.EntitySets(
        sets.text("tasks", "Task__Assignments"), sets.text("service-requests", "ServiceReqs"),
        sets.text("parameters", "ServiceReqParams"), sets.text("notes", "Journal__Notess"));
    sets.finish();
    YamlSection parameters = section.section("parameters");
    String appId = parameters.text("app-id", "AppID");
    String secretType = parameters.text("secret-type", "SecretType");
    parameters.finish();
    IvantiConfig.Pending pending = pending(section);
    String completed = section.nonBlankText("completed-status", "Completed");
    String closeOwner = section.nonBlankText("close-owner", null);
    String timeSpentField = section.nonBlankText("time-spent-field", null);
    String handedOver = section.nonBlankText("hand-over-status", "Logged");
    String noteCategory = section.text("note-parent-category", "Task");
    IvantiConfig.RequestCreation requests = requestCreation(section.section("request-creation"));
    section.finish();
    if (connection == null || prefix == null || auth == null
        || pending == null || completed == null || handedOver == null) {
      return null;
    }
    return new IvantiConfig(connection, prefix, auth, entitySets, appId, secretType,
        pending, completed, closeOwner, timeSpentField, handedOver, noteCategory, requests);
  }

  private static IvantiConfig.Pending pending(YamlSection ivanti) {
    String team = ivanti.requiredText("owner-team");
    List<String> statuses = ivanti.texts("pending-statuses", List.of("Logged", "Accepted"));
    String subject = ivanti.nonBlankText("pending-subject", null);
    String category = ivanti.nonBlankText("pending-category", null);
    return team == null || statuses == null
        ? null : new IvantiConfig.Pending(team.strip(), statuses, subject, category);
  }

  private static IvantiConfig.Auth ivantiAuth(YamlSection ivanti) {
    boolean written = ivanti.has("auth");
    YamlSection auth = ivanti.section("auth");
    if (!written) {
      ivanti.problem("auth", "missing required key 'auth': give api-key, or user-name, password"
          + " and role");
      return null;
    }
    if (!auth.isPresent()) {
      return null;
    }
    IvantiConfig.Auth result;
    if (auth.has("api-key")) {
      SecretRef key = auth.secret("api-key", true, true);
      result = key == null ? null : new IvantiConfig.ApiKey(key);
    } else {
      String user = auth.requiredText("user-name");
      SecretRef password = auth.secret("password", true, true);
      String role = auth.requiredText("role");
      // Ivanti's login names the tenant; on a cloud tenant that is the server's host name.
      String tenant = auth.nonBlankText("tenant", null);
      result = user == null || password == null || role == null
          ? null : new IvantiConfig.Session(user, password, role, tenant == null ? "" : tenant);
    }
    auth.finish();
    return result;
  }

  private static IvantiConfig.RequestCreation requestCreation(YamlSection section) {
    if (!section.isPresent()) {
      return null;
    }
    String subscription = section.requiredText("subscription-id");
    String appIdParameter = section.requiredText("app-id-parameter-id");
    String secretTypeParameter = section.requiredText("secret-type-parameter-id");
    Map<CredentialType, String> values = byType(section.section("secret-type-values"),
        Map.of(CredentialType.SECRET, "Secret", CredentialType.CERTIFICATE, "Certificaat"));
    Map<CredentialType, String> optionIds =
        byType(section.section("secret-type-option-ids"), Map.of());
    String requester = section.requiredText("requester-id");
    String form = section.nonBlankText("form-name", null);
    String subject = section.nonBlankText("subject", "Renew {type} of {app} ({days} days left)");
    section.finish();
    if (subscription == null || appIdParameter == null || secretTypeParameter == null
        || values == null || optionIds == null || requester == null || subject == null) {
      return null;
    }
    return new IvantiConfig.RequestCreation(subscription.strip(), appIdParameter.strip(),
        secretTypeParameter.strip(), values, optionIds, requester.strip(), form, subject);
  }

  /** A mapping with the keys secret and certificate, each optional. */
  private static Map<CredentialType, String> byType(
      YamlSection section, Map<CredentialType, String> fallback) {
    Map<CredentialType, String> values = new java.util.EnumMap<>(CredentialType.class);
    values.putAll(fallback);
    String secret = section.nonBlankText("secret", fallback.get(CredentialType.SECRET));
    String certificate =
        section.nonBlankText("certificate", fallback.get(CredentialType.CERTIFICATE));
    section.finish();
    if (secret != null) {
      values.put(CredentialType.SECRET, secret.strip());
    }
    if (certificate != null) {
      values.put(CredentialType.CERTIFICATE, certificate.strip());
    }
    return values;
  }

  private static PkiConfig pki(YamlSection section) {
    PkiConfig.Protocol protocol = section.choice("protocol", Map.of(
        "adcs", PkiConfig.Protocol.ADCS, "est", PkiConfig.Protocol.EST,
        "embedded", PkiConfig.Protocol.EMBEDDED), null);
    if (protocol == null && !section.has("protocol")) {
      section.problem("protocol", "missing required key 'protocol' (adcs, est or embedded)");
    }
    boolean embedded = protocol == PkiConfig.Protocol.EMBEDDED;
    Connection connection = embedded ? null : connection(section);
    String template = section.requiredText("default-template");
    SecretRef account = section.secret("account", !embedded, true);
    String accountUser = section.nonBlankText("account-user", null);
    if (account != null && !(account instanceof SecretRef.Passwordstate) && accountUser == null) {
      section.problem("account-user", "missing required key 'account-user': an account from"
          + " env or file needs its user name");
    }
    Path caCertificates = embedded ? null : section.existingFile("ca-certificates");
    Duration pendingWait = section.seconds("pending-wait-seconds", 120);
    Path embeddedCa = embedded ? section.newOrExistingFile("embedded-ca") : null;
    SecretRef embeddedCaPassword =
        embedded ? section.secret("embedded-ca-password", true, false) : null;
    Integer keySize = section.integer("key-size", 3072, 2048, 16_384);
    String subject = pattern(section, "subject", "CN={app}");
    PkiConfig.PfxProfile profile = section.choice("pfx-profile", Map.of(
        "modern", PkiConfig.PfxProfile.MODERN, "legacy", PkiConfig.PfxProfile.LEGACY),
        PkiConfig.PfxProfile.MODERN);
    section.finish();
    if (protocol == null || template == null || keySize == null || subject == null
        || profile == null || pendingWait == null
        || (!embedded && (connection == null || account == null || caCertificates == null))
        || (embedded && (embeddedCa == null || embeddedCaPassword == null))) {
      return null;
    }
    return new PkiConfig(protocol, connection, template, account, keySize, subject, profile,
        caCertificates, accountUser, pendingWait, embeddedCa, embeddedCaPassword);
  }

  private static Connection connection(YamlSection section) {
    URI url = section.requiredUrl("url");
    Duration connect = section.seconds("connect-timeout-seconds", 10);
    Duration request = section.seconds("request-timeout-seconds", 60);
    TrustStore trust = trustStore(section);
    return url == null || connect == null || request == null
        ? null : new Connection(url, connect, request, trust);
  }

  private static TrustStore trustStore(YamlSection parent) {
    YamlSection section = parent.section("trust-store");
    if (!section.isPresent()) {
      return null;
    }
    Path path = section.existingFile("path");
    String type = section.choice("type", Map.of("pkcs12", "PKCS12", "jks", "JKS"), "PKCS12");
    SecretRef password = section.secret("password", false, false);
    section.finish();
    return path == null || type == null ? null : new TrustStore(path, type, password);
  }

  private static void checkVaultLists(YamlSection root, RenewalSettings settings,
      List<TenantConfig> tenants, PasswordstateConfig vault, PkiConfig pki) {
    Map<String, String> dataLists = new LinkedHashMap<>();
    tenants.forEach(t -> dataLists.put(t.tenant().secretListId(), "tenant " + t.name()));
    dataLists.put(settings.certificateListId(), "the certificate list");
    for (Map.Entry<String, String> list : dataLists.entrySet()) {
      boolean hasField = vault.list(list.getKey()).map(l -> !l.metadataField().isEmpty())
          .orElse(false);
      if (!hasField) {
        root.problem("passwordstate", "list " + list.getKey() + " (" + list.getValue()
            + ") needs an entry under passwordstate.lists with its metadata-field");
      }
    }
    Set<String> usedLists = new LinkedHashSet<>(dataLists.keySet());
    tenants.forEach(t -> addVaultList(t.graphAccount(), usedLists));
    pki.accountIfAny().ifPresent(ref -> addVaultList(ref, usedLists));
    for (String list : usedLists) {
      if (vault.apiKey(list).isEmpty()) {
        root.problem("passwordstate", "no API key opens list " + list
            + ": set passwordstate.system-key or passwordstate.lists." + list + ".api-key");
      }
    }
  }

  private static void addVaultList(SecretRef ref, Set<String> lists) {
    if (ref instanceof SecretRef.Passwordstate entry) {
      lists.add(entry.listId());
    }
  }
}
