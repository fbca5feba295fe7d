package io.entrarenewal.runner.cli.config;

import io.entrarenewal.core.domain.Texts;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One mapping of the YAML file, read key by key. Every read names the key it knows, so that
 * {@link #finish()} can report the keys nobody asked for. A wrong value is reported as a
 * {@link Problem} with its path and line, and the read returns null, so that reading goes on and
 * every problem of the file is found in one pass.
 */
final class YamlSection {

  private static final Pattern GUID =
      Pattern.compile("\\p{XDigit}{8}(-\\p{XDigit}{4}){3}-\\p{XDigit}{12}");
  private static final String SECRET_FORMS =
      "{env: NAME}, {file: path} or {passwordstate: {list: ID, title: TITLE}}";

  private final String path;
  private final int line;
  private final boolean present;
  private final Context context;
  private final Map<String, Node> values = new LinkedHashMap<>();
  private final Map<String, Integer> keyLines = new LinkedHashMap<>();
  private final Set<String> known = new LinkedHashSet<>();

  /** What every section of one file shares: where problems go and how to resolve references. */
  record Context(List<Problem> problems, Map<String, String> environment, Path baseDirectory) {}

  private YamlSection(String path, int line, MappingNode node, Context context) {
    this.path = path;
    this.line = line;
    this.present = node != null;
    this.context = context;
    if (node != null) {
      collect(node);
    }
  }

  /** The top of the file. */
  static YamlSection root(Node node, Context context) {
    if (node == null) {
      context.problems().add(new Problem("", 1, "the file is empty"));
      return new YamlSection("", 1, null, context);
    }
    if (!(node instanceof MappingNode mapping)) {
      context.problems().add(
          new Problem("", lineOf(node), "the file must be a mapping of sections"));
      return new YamlSection("", lineOf(node), null, context);
    }
    return new YamlSection("", lineOf(node), mapping, context);
  }

  /** Whether the section is written in the file (otherwise every value takes its default). */
  boolean isPresent() {
    return present;
  }

  /** The line of the section, or of its parent when it is absent. */
  int line() {
    return line;
  }

  /** The section's key path. */
  String path() {
    return path;
  }

  /** A nested mapping; an absent one reads as empty, so its defaults apply. */
  YamlSection section(String key) {
    Node node = take(key);
    if (node == null) {
      return new YamlSection(childPath(key), line, null, context);
    }
    if (!(node instanceof MappingNode mapping)) {
      problem(key, node, "must be a mapping of keys, not " + shapeOf(node));
      return new YamlSection(childPath(key), lineOf(node), null, context);
    }
    return new YamlSection(childPath(key), lineOf(node), mapping, context);
  }

  /** A list of mappings, such as the tenants. Absent reads as empty. */
  List<YamlSection> sections(String key) {
    Node node = take(key);
    if (node == null) {
      return List.of();
    }
    if (!(node instanceof SequenceNode sequence)) {
      problem(key, node, "must be a list, not " + shapeOf(node));
      return List.of();
    }
    List<YamlSection> sections = new ArrayList<>();
    List<Node> items = sequence.getValue();
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String itemPath = childPath(key) + "[" + i + "]";
      if (item instanceof MappingNode mapping) {
        sections.add(new YamlSection(itemPath, lineOf(item), mapping, context));
      } else {
        context.problems().add(
            new Problem(itemPath, lineOf(item), "must be a mapping of keys, not " + shapeOf(item)));
      }
    }
    return sections;
  }

  /** A mapping whose keys are ids (such as list ids), each holding a mapping. */
  Map<String, YamlSection> sectionsById(String key) {
    YamlSection holder = section(key);
    Map<String, YamlSection> sections = new LinkedHashMap<>();
    for (String id : List.copyOf(holder.values.keySet())) {
      sections.put(id, holder.section(id));
    }
    return sections;
  }

  /** A text value, or {@code fallback} when absent. */
  String text(String key, String fallback) {
    Node node = take(key);
    if (node == null) {
      return fallback;
    }
    return scalar(key, node);
  }

  /** A text value that must be present and not blank. */
  String requiredText(String key) {
    String value = text(key, null);
    if (value == null && isEmpty(key)) {
      missing(key);
    } else if (value != null && value.isBlank()) {
      problem(key, values.get(key), "must not be blank");
      return null;
    }
    return value;
  }

  /** A text value that must not be blank when written, or {@code fallback} when absent. */
  String nonBlankText(String key, String fallback) {
    String value = text(key, fallback);
    if (value != null && value.isBlank()) {
      problem(key, values.get(key), "must not be blank");
      return null;
    }
    return value;
  }

  /** A whole number within bounds, or {@code fallback} when absent. */
  Integer integer(String key, Integer fallback, int min, int max) {
    Node node = take(key);
    if (node == null) {
      return fallback;
    }
    String text = scalar(key, node);
    if (text == null) {
      return null;
    }
    try {
      long value = Long.parseLong(text.strip());
      if (value < min || value > max) {
        problem(key, node, "must be between " + min + " and " + max + ", got " + value);
        return null;
      }
      return (int) value;
    } catch (NumberFormatException e) {
      problem(key, node, "must be a whole number, got " + Texts.quoteForHumans(text));
      return null;
    }
  }

  /** A number of days, at least one, or {@code fallbackDays} when absent. */
  Duration days(String key, int fallbackDays) {
    Integer days = integer(key, fallbackDays, 1, 36_500);
    return days == null ? null : Duration.ofDays(days);
  }

  /** A number of seconds, at least one, or {@code fallbackSeconds} when absent. */
  Duration seconds(String key, int fallbackSeconds) {
    Integer seconds = integer(key, fallbackSeconds, 1, 86_400);
    return seconds == null ? null : Duration.ofSeconds(seconds);
  }

  /** true or false, or {@code fallback} when absent. */
  Boolean bool(String key, boolean fallback) {
    Node node = take(key);
    if (node == null) {
      return fallback;
    }
    String text = scalar(key, node);
    if (text == null) {
      return null;
    }
    String normalised = text.strip().toLowerCase(Locale.ROOT);
    if (normalised.equals("true") || normalised.equals("false")) {
      return Boolean.valueOf(normalised);
    }
    problem(key, node, "must be true or false, got " + Texts.quoteForHumans(text));
    return null;
  }

  /** One of a fixed set of words (case-insensitive), or {@code fallback} when absent. */
  <E> E choice(String key, Map<String, E> choices, E fallback) {
    Node node = take(key);
    if (node == null) {
      return fallback;
    }
    String text = scalar(key, node);
    if (text == null) {
      return null;
    }
    E value = choices.get(text.strip().toLowerCase(Locale.ROOT));
    if (value == null) {
      problem(key, node, "must be one of " + String.join(", ", choices.keySet()) + ", got "
          + Texts.quoteForHumans(text));
    }
    return value;
  }

  /** A GUID that must be present. */
  String guid(String key) {
    String value = requiredText(key);
    if (value != null && !GUID.matcher(value.strip()).matches()) {
      problem(key, values.get(key), "must be a GUID such as 12345678-1234-1234-1234-123456789abc,"
          + " got " + Texts.quoteForHumans(value));
      return null;
    }
    return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
  }

  /** An https URL, or {@code fallback} when absent; a trailing slash is dropped. */
  URI url(String key, URI fallback) {
    Node node = take(key);
    if (node == null) {
      return fallback;
    }
    String text = scalar(key, node);
    if (text == null) {
      return null;
    }
    try {
      URI uri = new URI(text.strip());
      if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        problem(key, node, "must be an https URL such as https://host.example.org, got "
            + Texts.quoteForHumans(text));
        return null;
      }
      String normal = uri.toString();
      return URI.create(normal.endsWith("/") ? normal.substring(0, normal.length() - 1) : normal);
    } catch (URISyntaxException e) {
      problem(key, node, "is not a valid URL: " + Texts.quoteForHumans(text));
      return null;
    }
  }

  /** An https URL that must be present. */
  URI requiredUrl(String key) {
    if (isEmpty(key)) {
      take(key);
      missing(key);
      return null;
    }
    return url(key, null);
  }

  /** A path written in the file, resolved against the configuration file's directory. */
  Path resolve(String text) {
    return context.baseDirectory().resolve(text).normalize();
  }

  /** A file that must exist, resolved against the configuration file's directory. */
  Path existingFile(String key) {
    String text = requiredText(key);
    if (text == null) {
      return null;
    }
    Path file = resolve(text.strip());
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      problem(key, values.get(key), "file " + file + " does not exist or cannot be read");
      return null;
    }
    return file;
  }

  /**
   * A file that need not exist yet (this tool creates it), resolved against the configuration
   * file's directory; its directory must exist.
   */
  Path newOrExistingFile(String key) {
    String text = requiredText(key);
    if (text == null) {
      return null;
    }
    Path file = resolve(text.strip());
    if (file.getParent() == null || !Files.isDirectory(file.getParent())) {
      problem(key, values.get(key), "the directory of " + file + " does not exist");
      return null;
    }
    return file;
  }

  /** A list of non-blank words, or {@code fallback} when absent. */
  List<String> texts(String key, List<String> fallback) {
    Node node = take(key);
    if (node == null) {
      return fallback;
    }
    if (!(node instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
      problem(key, node, "must be a list of at least one value, such as [Logged, Accepted]");
      return null;
    }
    List<String> texts = new ArrayList<>();
    for (Node item : sequence.getValue()) {
      if (!(item instanceof ScalarNode scalar) || scalar.getValue().isBlank()) {
        problem(key, item, "must hold plain, non-blank values");
        return null;
      }
      texts.add(scalar.getValue().strip());
    }
    return List.copyOf(texts);
  }

  /**
   * A reference to a secret, never the secret itself; checks that environment variables are set
   * and files readable. Inline values are refused without quoting them, since they are secrets.
   *
   * @param fromVault whether the secret may come from Passwordstate (not for the keys that
   *     open Passwordstate itself)
   */
  SecretRef secret(String key, boolean required, boolean fromVault) {
    Node node = take(key);
    if (node == null) {
      if (required) {
        missing(key);
      }
      return null;
    }
    if (!(node instanceof MappingNode)) {
      problem(key, node, "must be a reference such as " + SECRET_FORMS
          + "; secret values are not accepted in the file");
      return null;
    }
    YamlSection reference = section(key);
    List<String> forms = reference.values.keySet().stream().toList();
    if (forms.size() != 1) {
      problem(key, node, "must name exactly one of env, file or passwordstate");
      return null;
    }
    return switch (forms.get(0)) {
      case "env" -> reference.environmentVariable();
      case "file" -> reference.secretFile();
      case "passwordstate" -> fromVault
          ? reference.vaultEntry()
          : reference.refuse("passwordstate", "the Passwordstate API key cannot come from"
              + " Passwordstate itself; use env or file");
      default -> reference.refuse(forms.get(0), "unknown kind of reference; use " + SECRET_FORMS);
    };
  }

  /** Reports every key of this section that no read asked for. Call after all reads. */
  void finish() {
    for (Map.Entry<String, Integer> key : keyLines.entrySet()) {
      if (!known.contains(key.getKey())) {
        context.problems().add(new Problem(childPath(key.getKey()), key.getValue(),
            "unknown key" + suggestion(key.getKey())));
      }
    }
  }

  /** Reports a problem with a key's value. */
  void problem(String key, String message) {
    Node node = values.get(key);
    context.problems().add(
        new Problem(childPath(key), node == null ? line : lineOf(node), message));
  }

  /** Whether the key is written in this section. */
  boolean has(String key) {
    return values.containsKey(key);
  }

  private SecretRef environmentVariable() {
    String name = requiredText("env");
    if (name == null) {
      return null;
    }
    String value = context.environment().get(name.strip());
    if (value == null || value.isBlank()) {
      problem("env", "environment variable " + name.strip() + " is not set");
      return null;
    }
    return new SecretRef.Env(name.strip());
  }

  private SecretRef secretFile() {
    Path file = existingFile("file");
    return file == null ? null : new SecretRef.File(file);
  }

  private SecretRef vaultEntry() {
    YamlSection entry = section("passwordstate");
    String list = entry.requiredText("list");
    String title = entry.requiredText("title");
    entry.finish();
    return list == null || title == null ? null : new SecretRef.Passwordstate(list.strip(), title);
  }

  private SecretRef refuse(String key, String message) {
    known.add(key);
    problem(key, message);
    return null;
  }

  private Node take(String key) {
    known.add(key);
    Node node = values.get(key);
    if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
      return null;
    }
    return node;
  }

  private String scalar(String key, Node node) {
    if (node instanceof ScalarNode scalar) {
      return scalar.getValue();
    }
    problem(key, node, "must be a single value, not " + shapeOf(node));
    return null;
  }

  private void collect(MappingNode node) {
    for (NodeTuple tuple : node.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode scalarKey)) {
        context.problems().add(new Problem(path, lineOf(keyNode), "keys must be plain words"));
        continue;
      }
      String key = scalarKey.getValue();
      if (values.containsKey(key)) {
        context.problems().add(new Problem(childPath(key), lineOf(keyNode),
            "duplicate key (first written on line " + keyLines.get(key) + ")"));
        continue;
      }
      values.put(key, tuple.getValueNode());
      keyLines.put(key, lineOf(keyNode));
    }
  }

  private void missing(String key) {
    Node node = values.get(key);
    context.problems().add(node == null
        ? new Problem(childPath(key), line, "missing required key '" + key + "'")
        : new Problem(childPath(key), lineOf(node), "required key '" + key + "' has no value"));
  }

  /** Whether the key is absent or written without a value. */
  private boolean isEmpty(String key) {
    Node node = values.get(key);
    return node == null || (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL));
  }

  private void problem(String key, Node node, String message) {
    context.problems().add(new Problem(childPath(key), lineOf(node), message));
  }

  private String childPath(String key) {
    if (key.isEmpty()) {
      return path;
    }
    return path.isEmpty() ? key : path + "." + key;
  }

  private String suggestion(String unknown) {
    List<String> candidates = known.stream()
        .sorted(Comparator.comparingInt(k -> distance(k, unknown)))
        .toList();
    if (!candidates.isEmpty() && distance(candidates.get(0), unknown) <= 3) {
      return "; did you mean '" + candidates.get(0) + "'?";
    }
    String all = known.stream().sorted().collect(Collectors.joining(", "));
    return all.isEmpty() ? "" : "; known keys here: " + all;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String shapeOf(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    return node instanceof SequenceNode ? "a list" : "a single value";
  }

  static int lineOf(Node node) {
    return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
  }

  /** Keeps an optional value's absence distinct from a problem with it. */
  Optional<String> optionalText(String key) {
    return Optional.ofNullable(text(key, null)).filter(v -> !v.isBlank());
  }
}
