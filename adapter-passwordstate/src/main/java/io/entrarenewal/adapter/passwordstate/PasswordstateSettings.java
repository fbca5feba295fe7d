package io.entrarenewal.adapter.passwordstate;

import io.entrarenewal.core.domain.RetryPolicy;
import io.entrarenewal.core.domain.Secret;
import java.net.URI;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How to reach a Passwordstate server and how its lists are set up. Build it with {@link
 * #builder(URI)}; every setting but the base URI has a default.
 *
 * @param baseUri the server, e.g. {@code https://passwordstate.example.org}
 * @param apiPath the standard API's path, {@code /api} by default
 * @param listApiKeys the API key of each password list, by list id
 * @param systemApiKey the system-wide key for lists without their own key; may be null
 * @param reason the text of the {@code Reason} header that lists may require; null sends none
 * @param metadataFields the generic field holding this tool's metadata JSON, by list id
 * @param defaultMetadataField that field for lists not named in {@code metadataFields}
 * @param trustStore the certificates to trust for TLS; null trusts the JDK's default CAs
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for a reply
 * @param retryPolicy how reads are repeated after a passing failure; writes are never repeated
 * @param legacyDocumentLookup how to find the PFX document of entries from before this tool
 * @param documentContentType the Content-Type of a document upload
 * @param documentDescription the description given to uploaded documents
 * @param maxDocumentBytes the largest document this adapter reads
 * @param maxJsonBytes the largest JSON reply this adapter reads
 * @param excludePasswordOnSearch whether searches ask the server to leave passwords out
 * @param quoteTitleForExactMatch whether searched titles are quoted to ask for an exact match
 * @param emptySearchMarker text of the error some servers answer an empty search with
 */
public record PasswordstateSettings(
    URI baseUri,
    String apiPath,
    Map<String, Secret> listApiKeys,
    Secret systemApiKey,
    String reason,
    Map<String, String> metadataFields,
    String defaultMetadataField,
    KeyStore trustStore,
    Duration connectTimeout,
    Duration requestTimeout,
    RetryPolicy retryPolicy,
    LegacyDocumentLookup legacyDocumentLookup,
    String documentContentType,
    String documentDescription,
    long maxDocumentBytes,
    int maxJsonBytes,
    boolean excludePasswordOnSearch,
    boolean quoteTitleForExactMatch,
    String emptySearchMarker) {

  /** The API path of the standard (API key) API. */
  public static final String DEFAULT_API_PATH = "/api";
  /** The generic field the original automation keeps its metadata JSON in. */
  public static final String DEFAULT_METADATA_FIELD = "GenericField6";
  /** Both PowerShell clients send the raw bytes under this type, without any parts. */
  public static final String DEFAULT_DOCUMENT_CONTENT_TYPE = "multipart/form-data";
  /** Ten megabytes: far more than any PFX file. */
  public static final long DEFAULT_MAX_DOCUMENT_BYTES = 10L * 1024 * 1024;
  /** Two megabytes: a large search reply, yet small enough to hold in memory. */
  public static final int DEFAULT_MAX_JSON_BYTES = 2 * 1024 * 1024;
  /** The start of the error text a public client treats as an empty search. */
  public static final String DEFAULT_EMPTY_SEARCH_MARKER = "No Passwords found";

  private static final Pattern GENERIC_FIELD = Pattern.compile("GenericField([1-9]|10)");
  private static final Pattern LIST_ID = Pattern.compile("[0-9]{1,18}");

  /** Validates the settings and copies the maps. */
  public PasswordstateSettings {
    Objects.requireNonNull(baseUri, "'baseUri' must not be null");
    if (!baseUri.isAbsolute() || baseUri.getHost() == null
        || !("https".equals(baseUri.getScheme()) || "http".equals(baseUri.getScheme()))) {
      throw new IllegalArgumentException("'baseUri' must be an absolute http(s) URI with a host");
    }
    Objects.requireNonNull(apiPath, "'apiPath' must not be null");
    if (!apiPath.startsWith("/")) {
      throw new IllegalArgumentException("'apiPath' must start with '/'");
    }
    listApiKeys = Map.copyOf(Objects.requireNonNull(listApiKeys, "'listApiKeys' must not be null"));
    listApiKeys.keySet().forEach(PasswordstateSettings::requireListId);
    requireHeaderText(reason, "reason");
    metadataFields = Map.copyOf(
        Objects.requireNonNull(metadataFields, "'metadataFields' must not be null"));
    metadataFields.forEach((list, field) -> requireGenericField(field, "metadataFields"));
    requireGenericField(defaultMetadataField, "defaultMetadataField");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(requestTimeout, "requestTimeout");
    Objects.requireNonNull(retryPolicy, "'retryPolicy' must not be null");
    Objects.requireNonNull(legacyDocumentLookup, "'legacyDocumentLookup' must not be null");
    Objects.requireNonNull(documentContentType, "'documentContentType' must not be null");
    requireHeaderText(documentContentType, "documentContentType");
    Objects.requireNonNull(documentDescription, "'documentDescription' must not be null");
    if (maxDocumentBytes < 1 || maxDocumentBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("'maxDocumentBytes' must be between 1 and 2 GB");
    }
    if (maxJsonBytes < 1) {
      throw new IllegalArgumentException("'maxJsonBytes' must be positive");
    }
    Objects.requireNonNull(emptySearchMarker, "'emptySearchMarker' must not be null");
  }

  /** Settings for the server at {@code baseUri}, with every other setting at its default. */
  public static Builder builder(URI baseUri) {
    return new Builder(baseUri);
  }

  /** The system-wide API key, when one is configured. */
  public Optional<Secret> systemApiKeyIfSet() {
    return Optional.ofNullable(systemApiKey);
  }

  /** The key for a list: its own, else the system-wide one. */
  Optional<Secret> apiKeyFor(String listId) {
    return Optional.ofNullable(listApiKeys.get(listId)).or(this::systemApiKeyIfSet);
  }

  /** The generic field holding the metadata JSON of entries of a list. */
  String metadataFieldFor(String listId) {
    return metadataFields.getOrDefault(listId, defaultMetadataField);
  }

  /** Lists the settings without any key, password or trust-store content. */
  @Override
  public String toString() {
    return "PasswordstateSettings[baseUri=" + baseUri
        + ", apiPath=" + apiPath
        + ", listApiKeys=" + new TreeSet<>(listApiKeys.keySet()) + " (values hidden)"
        + ", systemApiKey=" + (systemApiKey == null ? "none" : "****")
        + ", reason=" + (reason == null ? "none" : "'" + reason + "'")
        + ", metadataFields=" + metadataFields
        + ", defaultMetadataField=" + defaultMetadataField
        + ", trustStore=" + (trustStore == null ? "JDK default" : "configured")
        + ", connectTimeout=" + connectTimeout
        + ", requestTimeout=" + requestTimeout
        + ", retryPolicy=" + retryPolicy
        + ", legacyDocumentLookup=" + legacyDocumentLookup
        + ", documentContentType=" + documentContentType
        + ", maxDocumentBytes=" + maxDocumentBytes
        + ", maxJsonBytes=" + maxJsonBytes
        + ", excludePasswordOnSearch=" + excludePasswordOnSearch
        + ", quoteTitleForExactMatch=" + quoteTitleForExactMatch
        + "]";
  }

  static String requireListId(String listId) {
    Objects.requireNonNull(listId, "'listId' must not be null");
    if (!LIST_ID.matcher(listId).matches()) {
      throw new IllegalArgumentException("a list id must be a number, not '" + listId + "'");
    }
    return listId;
  }

  private static void requireGenericField(String field, String name) {
    Objects.requireNonNull(field, "'" + name + "' must not be null");
    if (!GENERIC_FIELD.matcher(field).matches()) {
      throw new IllegalArgumentException(
          "'" + name + "' must name GenericField1 to GenericField10, not '" + field + "'");
    }
  }

  private static void requireHeaderText(String value, String name) {
    if (value != null && (value.isBlank() || value.chars().anyMatch(c -> c < 0x20 || c > 0x7e))) {
      throw new IllegalArgumentException(
          "'" + name + "' must be non-blank printable ASCII without line breaks");
    }
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, "'" + name + "' must not be null");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("'" + name + "' must be positive");
    }
  }

  /**
   * How to find the document id of an entry's PFX when the entry predates this tool. The
   * Passwordstate API cannot list an entry's documents, so the id must come from elsewhere.
   */
  public sealed interface LegacyDocumentLookup {

    /** No lookup: entries without a recorded document id have no known PFX. */
    static LegacyDocumentLookup none() {
      return new None();
    }

    /** The id an operator wrote into the entry's metadata JSON under {@code key}. */
    static LegacyDocumentLookup fromMetadata(String key) {
      return new FromMetadata(key);
    }

    /** No lookup (the default). */
    record None() implements LegacyDocumentLookup {}

    /**
     * The id an operator wrote into the entry's metadata under a key of its own.
     *
     * @param key the metadata key, e.g. {@code LegacyDocumentID}
     */
    record FromMetadata(String key) implements LegacyDocumentLookup {

      /** Validates the key. */
      public FromMetadata {
        Objects.requireNonNull(key, "'key' must not be null");
        if (key.isBlank()) {
          throw new IllegalArgumentException("'key' must not be blank");
        }
      }
    }

    /**
     * A query against the Passwordstate database through JDBC. The driver is not a dependency
     * of this adapter: the operator puts it on the class path.
     *
     * @param jdbcUrl the database URL; may carry credentials, so it is never printed
     * @param user the database user; may be empty when the URL or driver authenticates
     * @param password the user's password; may be null when none is needed
     * @param sql a query with one {@code ?} for the PasswordID, answering the DocumentID in its
     *     first column; the first row wins
     * @param queryTimeout how long the query may run
     */
    record Jdbc(String jdbcUrl, String user, Secret password, String sql, Duration queryTimeout)
        implements LegacyDocumentLookup {

      /** Validates the fields. */
      public Jdbc {
        Objects.requireNonNull(jdbcUrl, "'jdbcUrl' must not be null");
        if (!jdbcUrl.startsWith("jdbc:")) {
          throw new IllegalArgumentException("'jdbcUrl' must start with 'jdbc:'");
        }
        Objects.requireNonNull(user, "'user' must not be null");
        Objects.requireNonNull(sql, "'sql' must not be null");
        if (sql.chars().filter(c -> c == '?').count() != 1) {
          throw new IllegalArgumentException("'sql' must hold exactly one '?' for the PasswordID");
        }
        requirePositive(queryTimeout, "queryTimeout");
      }

      /** Names the database kind only: the URL may hold a password. */
      @Override
      public String toString() {
        int kindEnd = jdbcUrl.indexOf(':', "jdbc:".length());
        String kind = kindEnd < 0 ? "jdbc" : jdbcUrl.substring(0, kindEnd);
        return "Jdbc[url=" + kind + ":****, user=" + user
            + ", password=" + (password == null ? "none" : "****")
            + ", sql=" + sql + ", queryTimeout=" + queryTimeout + "]";
      }
    }
  }

  /** Collects settings; every setting but the base URI has a default. */
  public static final class Builder {

    private final URI baseUri;
    private String apiPath = DEFAULT_API_PATH;
    private final Map<String, Secret> listApiKeys = new LinkedHashMap<>();
    private Secret systemApiKey;
    private String reason;
    private final Map<String, String> metadataFields = new LinkedHashMap<>();
    private String defaultMetadataField = DEFAULT_METADATA_FIELD;
    private KeyStore trustStore;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private RetryPolicy retryPolicy = RetryPolicy.standard();
    private LegacyDocumentLookup legacyDocumentLookup = LegacyDocumentLookup.none();
    private String documentContentType = DEFAULT_DOCUMENT_CONTENT_TYPE;
    private String documentDescription = "Stored by the Entra credential renewal";
    private long maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;
    private int maxJsonBytes = DEFAULT_MAX_JSON_BYTES;
    private boolean excludePasswordOnSearch = true;
    private boolean quoteTitleForExactMatch = true;
    private String emptySearchMarker = DEFAULT_EMPTY_SEARCH_MARKER;

    private Builder(URI baseUri) {
      this.baseUri = baseUri;
    }

    /**
     * The API path; {@code /api} by default.
     *
     * <p>Limitation: only the API-key API is supported; {@code /winapi} authenticates with
     * Windows credentials (NTLM), which the JDK HTTP client does not speak.
     */
    public Builder apiPath(String apiPath) {
      this.apiPath = apiPath;
      return this;
    }

    /** The API key of one password list. */
    public Builder listApiKey(String listId, Secret apiKey) {
      listApiKeys.put(listId, Objects.requireNonNull(apiKey, "'apiKey' must not be null"));
      return this;
    }

    /** The system-wide key, used for lists without their own key. */
    public Builder systemApiKey(Secret apiKey) {
      this.systemApiKey = apiKey;
      return this;
    }

    /** The {@code Reason} header text for the audit log; lists may make it mandatory. */
    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    /** The generic field of one list that holds the metadata JSON. */
    public Builder metadataField(String listId, String genericField) {
      metadataFields.put(listId, genericField);
      return this;
    }

    /** The generic field holding the metadata JSON of the other lists. */
    public Builder defaultMetadataField(String genericField) {
      this.defaultMetadataField = genericField;
      return this;
    }

    /** The certificates to trust for TLS instead of the JDK's default CAs. */
    public Builder trustStore(KeyStore trustStore) {
      this.trustStore = trustStore;
      return this;
    }

    /** How long to wait for a connection; 10 seconds by default. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** How long to wait for a reply; 30 seconds by default. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /** How reads are repeated; {@link RetryPolicy#standard()} by default. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = retryPolicy;
      return this;
    }

    /** How to find PFX documents of entries from before this tool; none by default. */
    public Builder legacyDocumentLookup(LegacyDocumentLookup lookup) {
      this.legacyDocumentLookup = lookup;
      return this;
    }

    /**
     * The Content-Type of document uploads; {@code multipart/form-data} by default.
     *
     * <p>Limitation: the default copies what the public PowerShell clients send (raw bytes under
     * a bare multipart type, no parts); whether a server also takes real multipart bodies is
     * unconfirmed, so the type is a setting rather than a constant.
     */
    public Builder documentContentType(String contentType) {
      this.documentContentType = contentType;
      return this;
    }

    /** The description given to uploaded documents. */
    public Builder documentDescription(String description) {
      this.documentDescription = description;
      return this;
    }

    /** The largest document read; 10 MB by default. */
    public Builder maxDocumentBytes(long maxBytes) {
      this.maxDocumentBytes = maxBytes;
      return this;
    }

    /** The largest JSON reply read; 2 MB by default. */
    public Builder maxJsonBytes(int maxBytes) {
      this.maxJsonBytes = maxBytes;
      return this;
    }

    /** Whether searches send {@code ExcludePassword=true}; true by default. */
    public Builder excludePasswordOnSearch(boolean exclude) {
      this.excludePasswordOnSearch = exclude;
      return this;
    }

    /** Whether searched titles are wrapped in double quotes; true by default. */
    public Builder quoteTitleForExactMatch(boolean quote) {
      this.quoteTitleForExactMatch = quote;
      return this;
    }

    /** The error text that means an empty search; {@code No Passwords found} by default. */
    public Builder emptySearchMarker(String marker) {
      this.emptySearchMarker = marker;
      return this;
    }

    /** The validated settings. */
    public PasswordstateSettings build() {
      return new PasswordstateSettings(baseUri, apiPath, listApiKeys, systemApiKey, reason,
          metadataFields, defaultMetadataField, trustStore, connectTimeout, requestTimeout,
          retryPolicy, legacyDocumentLookup, documentContentType, documentDescription,
          maxDocumentBytes, maxJsonBytes, excludePasswordOnSearch, quoteTitleForExactMatch,
          emptySearchMarker);
    }
  }
}
