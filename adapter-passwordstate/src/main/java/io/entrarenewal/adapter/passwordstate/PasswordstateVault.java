package io.entrarenewal.adapter.passwordstate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entrarenewal.adapter.passwordstate.PasswordstateHttp.Call;
import io.entrarenewal.adapter.passwordstate.PasswordstateHttp.Reply;
import io.entrarenewal.adapter.passwordstate.PasswordstateJson.PasswordRecord;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.SystemAccount;
import io.entrarenewal.core.domain.VaultEntry;
import io.entrarenewal.core.port.out.Vault;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault on Click Studios Passwordstate's standard REST API, authenticated with API keys.
 * Thread-safe: it holds only immutable settings and a JDK HTTP client.
 *
 * <pre>{@code
 * Vault vault = PasswordstateVault.create(PasswordstateSettings
 *     .builder(URI.create("https://passwordstate.example.org"))
 *     .listApiKey("7651", Secret.of(listKey))
 *     .systemApiKey(Secret.of(systemKey))
 *     .metadataField("6691", "GenericField7")
 *     .reason("Entra credential renewal")
 *     .build());
 * }</pre>
 */
public final class PasswordstateVault implements Vault {

  private static final Logger LOG = LoggerFactory.getLogger(PasswordstateVault.class);
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

  private final PasswordstateSettings settings;
  private final PasswordstateHttp http;
  private final LegacyDocumentIds legacyDocumentIds;

  PasswordstateVault(PasswordstateSettings settings, PasswordstateHttp.Sleeper sleeper) {
    this.settings = settings;
    this.http = new PasswordstateHttp(settings, sleeper);
    this.legacyDocumentIds = new LegacyDocumentIds(settings.legacyDocumentLookup());
  }

  /**
   * A vault on the server the settings describe.
   *
   * @throws IllegalArgumentException if the trust store cannot be used for TLS
   */
  public static PasswordstateVault create(PasswordstateSettings settings) {
    Objects.requireNonNull(settings, "'settings' must not be null");
    LOG.info("Passwordstate vault: {}", settings);
    return new PasswordstateVault(settings, duration -> Thread.sleep(duration.toMillis()));
  }

  @Override
  public Optional<VaultEntry> findEntry(String listId, String title) {
    return findRecord(listId, title).map(record -> toEntry(listId, record));
  }

  @Override
  public Optional<Secret> readPassword(VaultEntry entry) {
    Objects.requireNonNull(entry, "'entry' must not be null");
    Call call = new Call(entry.listId(), "reading the password of " + entry.describe());

    PasswordRecord record = readRecord(entry.listId(), entry.entryId(), call);

    return PasswordstateJson.text(record.fields(), "Password", call)
        .filter(password -> !password.isEmpty())
        .map(Secret::of);
  }

  @Override
  public VaultEntry update(VaultEntry entry, Optional<Secret> password,
      Map<String, String> metadata) {
    Objects.requireNonNull(entry, "'entry' must not be null");
    Objects.requireNonNull(password, "'password' must not be null");
    Objects.requireNonNull(metadata, "'metadata' must not be null");
    metadata.forEach((key, value) -> Objects.requireNonNull(value,
        "'metadata' must not map '" + key + "' to null; map it to \"\" to remove it"));
    String field = settings.metadataFieldFor(entry.listId());
    Call call = new Call(entry.listId(), "updating " + entry.describe());

    // Limitation: the API offers no version or ETag, so an edit someone makes to the metadata
    // field between this read and the PUT below is overwritten by the merged JSON.
    PasswordRecord current = readRecord(entry.listId(), entry.entryId(), call);
    ObjectNode original = currentMetadata(current, field, entry);
    ObjectNode merged = merge(original, metadata);

    ObjectNode changes = PasswordstateJson.newObject();
    changes.put("PasswordID", Long.parseLong(entry.entryId()));
    if (!merged.equals(original)) {
      changes.put(field, PasswordstateJson.write(merged));
    }
    password.ifPresent(secret -> changes.put("Password", secret.reveal()));
    if (changes.size() == 1) {
      LOG.debug("{} already holds the given metadata; nothing to update", entry.describe());
      return toEntry(entry.listId(), current);
    }

    VaultEntry updated = send(changes, password, call, entry, merged);
    LOG.debug("updated {} (fields {})", entry.describe(), fieldNames(changes));
    return updated;
  }

  @Override
  public String storeDocument(VaultEntry entry, String fileName, byte[] content) {
    Objects.requireNonNull(entry, "'entry' must not be null");
    Objects.requireNonNull(fileName, "'fileName' must not be null");
    Objects.requireNonNull(content, "'content' must not be null");
    if (fileName.isBlank() || fileName.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("'fileName' must be a non-blank name without controls");
    }
    Call call = new Call(entry.listId(), "storing document '" + fileName + "' in "
        + entry.describe());

    // Limitation: the API can neither list nor delete documents, so each upload adds one and
    // earlier PFX files stay attached to the entry until someone removes them in the UI.
    URI uri = api("document/password/" + requireId(entry.entryId(), "entry id"),
        "DocumentName", fileName, "DocumentDescription", settings.documentDescription());
    HttpRequest request = http.request(uri, entry.listId())
        .header("Content-Type", settings.documentContentType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(content))
        .build();
    Reply reply = http.write(request, call, settings.maxJsonBytes());
    requireSuccess(reply, call, true);

    String documentId = acceptedReply(call, () -> documentIdOf(reply, call));
    LOG.debug("stored document {} ({} bytes) in {}", documentId, content.length,
        entry.describe());
    return documentId;
  }

  @Override
  public byte[] readDocument(VaultEntry entry, String documentId) {
    Objects.requireNonNull(entry, "'entry' must not be null");
    Objects.requireNonNull(documentId, "'documentId' must not be null");
    Call call = new Call(entry.listId(), "reading document " + documentId + " of "
        + entry.describe());
    if (!DIGITS.matcher(documentId).matches()) {
      throw PasswordstateJson.refused(call, "a document id must be a number");
    }

    HttpRequest request = http.request(api("document/password/" + documentId), entry.listId())
        .setHeader("Accept", "*/*")
        .GET()
        .build();
    Reply reply = http.read(request, call, settings.maxDocumentBytes());
    requireSuccess(reply, call, false);

    if (reply.tooLarge()) {
      throw PasswordstateJson.refused(call, "the document is larger than the limit of "
          + settings.maxDocumentBytes() + " bytes (setting maxDocumentBytes)");
    }
    if (reply.body().length == 0) {
      throw PasswordstateJson.refused(call, "the document is empty");
    }
    String type = reply.contentType().toLowerCase(Locale.ROOT);
    String error = type.contains("json") ? PasswordstateJson.errorText(reply) : "";
    if (!error.isEmpty()) {
      throw PasswordstateJson.refused(call, "the server answered with an error: " + error);
    }
    return reply.body();
  }

  @Override
  public Optional<String> findLegacyDocumentId(VaultEntry entry) {
    Objects.requireNonNull(entry, "'entry' must not be null");
    return legacyDocumentIds.find(entry);
  }

  @Override
  public SystemAccount readAccount(String listId, String title) {
    Call call = new Call(listId, "reading the account '" + title + "' of vault list " + listId);

    PasswordRecord found = findRecord(listId, title).orElseThrow(() ->
        PasswordstateJson.refused(call, "vault list " + listId + " has no entry titled '"
            + title + "'"));
    PasswordRecord record = readRecord(listId, found.passwordId(), call);

    Secret password = PasswordstateJson.text(record.fields(), "Password", call)
        .filter(text -> !text.isEmpty())
        .map(Secret::of)
        .orElseThrow(() -> PasswordstateJson.refused(call, "the entry has no password"));
    return new SystemAccount(record.userName(), password);
  }

  /** Identifies the server, never a key. */
  @Override
  public String toString() {
    return "PasswordstateVault[" + settings.baseUri() + settings.apiPath() + "]";
  }

  private Optional<PasswordRecord> findRecord(String listId, String title) {
    PasswordstateSettings.requireListId(listId);
    Objects.requireNonNull(title, "'title' must not be null");
    if (title.isBlank()) {
      throw new IllegalArgumentException("'title' must not be blank");
    }
    Call call = new Call(listId, "searching vault list " + listId + " for '" + title + "'");

    Reply reply = http.read(searchRequest(listId, title), call, settings.maxJsonBytes());
    if (isEmptySearch(reply)) {
      return Optional.empty();
    }
    requireSuccess(reply, call, false);

    List<PasswordRecord> matches = PasswordstateJson.records(PasswordstateJson.parse(reply, call),
            call).stream()
        .filter(record -> record.title().equals(title))
        .filter(record -> record.listId() == null || record.listId().equals(listId))
        .toList();
    if (matches.size() > 1) {
      throw new RefusedException(ExternalSystem.VAULT, RefusalReason.AMBIGUOUS_VAULT_ENTRY,
          "vault list " + listId + " holds " + matches.size() + " entries titled '" + title
              + "' (ids " + matches.stream().map(PasswordRecord::passwordId).toList()
              + "); the title must be unique");
    }
    return matches.stream().findFirst();
  }

  private HttpRequest searchRequest(String listId, String title) {
    // Searches match substrings; double quotes ask for an exact match (the result is still
    // checked here, as every public client does).
    String titleQuery = settings.quoteTitleForExactMatch() ? "\"" + title + "\"" : title;
    URI uri = settings.excludePasswordOnSearch()
        ? api("searchpasswords/" + listId, "Title", titleQuery, "ExcludePassword", "true")
        : api("searchpasswords/" + listId, "Title", titleQuery);
    return http.request(uri, listId).GET().build();
  }

  /**
   * Some servers answer a search without results with an error that says so, not with []. The
   * status of that answer is unconfirmed (404 is likely), so any status below 500 counts.
   */
  private boolean isEmptySearch(Reply reply) {
    if (reply.status() >= 500 || settings.emptySearchMarker().isEmpty()) {
      return false;
    }
    String error = PasswordstateJson.errorText(reply).toLowerCase(Locale.ROOT);
    return error.contains(settings.emptySearchMarker().toLowerCase(Locale.ROOT));
  }

  private PasswordRecord readRecord(String listId, String passwordId, Call call) {
    HttpRequest request =
        http.request(api("passwords/" + requireId(passwordId, "entry id")), listId).GET().build();
    Reply reply = http.read(request, call, settings.maxJsonBytes());
    requireSuccess(reply, call, false);

    PasswordRecord record = PasswordstateJson.single(PasswordstateJson.parse(reply, call), call);
    if (!record.passwordId().equals(passwordId)) {
      throw PasswordstateJson.refused(call, "the reply is about entry " + record.passwordId()
          + " instead of " + passwordId);
    }
    return record;
  }

  private ObjectNode currentMetadata(PasswordRecord current, String field, VaultEntry entry) {
    String text = current.genericField(field);
    Optional<ObjectNode> object = PasswordstateJson.metadataObject(text, entry.describe());
    if (object.isEmpty() && !text.isBlank()) {
      // Overwriting text this tool cannot read could destroy an operator's notes.
      throw new ExternalSystemException(ExternalSystem.VAULT, Kind.REFUSED, field + " of "
          + entry.describe() + " holds text that is not a JSON object; nothing was changed:"
          + " move that text elsewhere or write {} into the field");
    }
    return object.orElseGet(PasswordstateJson::newObject);
  }

  private static ObjectNode merge(ObjectNode original, Map<String, String> metadata) {
    ObjectNode merged = original.deepCopy();
    metadata.forEach((key, value) -> {
      if (value.isEmpty()) {
        merged.remove(key);
      } else {
        merged.put(key, value);
      }
    });
    return merged;
  }

  private VaultEntry send(ObjectNode changes, Optional<Secret> password, Call call,
      VaultEntry entry, ObjectNode merged) {
    HttpRequest request = http.request(api("passwords"), entry.listId())
        .header("Content-Type", "application/json; charset=utf-8")
        .PUT(HttpRequest.BodyPublishers.ofString(PasswordstateJson.write(changes)))
        .build();
    Reply reply = http.write(request, call, settings.maxJsonBytes());
    if (!reply.isSuccess()) {
      // A server that quotes the refused value in its error must not carry it into our message.
      String error = PasswordstateJson.errorText(reply);
      String redacted = password.map(secret -> error.replace(secret.reveal(), "****"))
          .orElse(error);
      throw http.failure(reply, call, redacted, true);
    }

    return acceptedReply(call, () -> updatedEntry(reply, call, entry, merged));
  }

  private VaultEntry updatedEntry(Reply reply, Call call, VaultEntry entry, ObjectNode merged) {
    JsonNode root = PasswordstateJson.parse(reply, call);
    JsonNode first = root.isArray() && root.size() == 1 ? root.get(0) : root;
    if (first.has("Status") && !first.has("Title")) {
      // A list with password resets answers "Password Queued for Reset(s)" instead of the
      // record; the generic fields were written all the same.
      LOG.debug("{}: {}", entry.describe(), PasswordstateJson.text(first, "Status", call)
          .orElse("queued"));
      return new VaultEntry(entry.listId(), entry.entryId(), entry.title(),
          PasswordstateJson.metadata(PasswordstateJson.write(merged), entry.describe()));
    }
    PasswordRecord record = PasswordstateJson.single(root, call);
    if (!record.passwordId().equals(entry.entryId())) {
      throw PasswordstateJson.refused(call, "the reply is about entry " + record.passwordId());
    }
    return toEntry(entry.listId(), record);
  }

  /** Runs a reading of a write's successful reply: a failure there leaves the outcome unknown. */
  private static <T> T acceptedReply(Call call, Supplier<T> reading) {
    try {
      return reading.get();
    } catch (ExternalSystemException e) {
      throw new ExternalSystemException(ExternalSystem.VAULT, Kind.AMBIGUOUS, call.description()
          + " was accepted but its reply could not be read (" + e.getMessage()
          + "); read the entry back before writing again", e);
    }
  }

  private static String documentIdOf(Reply reply, Call call) {
    JsonNode root = PasswordstateJson.parse(reply, call);
    JsonNode document = root.isArray() && root.size() == 1 ? root.get(0) : root;
    return PasswordstateJson.id(document, "DocumentID", call)
        .orElseThrow(() -> PasswordstateJson.refused(call, "the reply has no DocumentID"));
  }

  private void requireSuccess(Reply reply, Call call, boolean write) {
    if (!reply.isSuccess()) {
      throw http.failure(reply, call, PasswordstateJson.errorText(reply), write);
    }
  }

  private VaultEntry toEntry(String listId, PasswordRecord record) {
    String field = settings.metadataFieldFor(listId);
    String name = "entry " + record.passwordId() + " of list " + listId;
    return new VaultEntry(listId, record.passwordId(), record.title(),
        PasswordstateJson.metadata(record.genericField(field), name));
  }

  /** {@code {base}{apiPath}/{path}?name=value&..} with each name and value URL-encoded. */
  private URI api(String path, String... query) {
    String base = settings.baseUri().toString().replaceAll("/+$", "")
        + settings.apiPath().replaceAll("/+$", "") + "/" + path;
    StringJoiner joiner = new StringJoiner("&", "?", "").setEmptyValue("");
    for (int i = 0; i + 1 < query.length; i += 2) {
      joiner.add(encode(query[i]) + "=" + encode(query[i + 1]));
    }
    return URI.create(base + joiner);
  }

  private static String encode(String value) {
    // URLEncoder writes spaces as '+', which not every server reads as a space in a query.
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String requireId(String id, String name) {
    if (!DIGITS.matcher(id).matches()) {
      throw new IllegalArgumentException("a Passwordstate " + name + " must be a number, not '"
          + id + "'");
    }
    return id;
  }

  private static List<String> fieldNames(ObjectNode changes) {
    List<String> names = new ArrayList<>();
    changes.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
