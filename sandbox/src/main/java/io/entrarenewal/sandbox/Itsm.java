package io.entrarenewal.sandbox;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Ivanti side of the sandbox: business objects by entity set, the service-request offering
 * the scanner submits to, and the REST API keys. Callers hold this object's monitor.
 */
final class Itsm {

  static final String TASKS = "Task__Assignments";
  static final String SERVICE_REQS = "ServiceReqs";
  static final String PARAMS = "ServiceReqParams";
  static final String NOTES = "Journal__Notess";
  static final List<String> SETS = List.of(TASKS, SERVICE_REQS, PARAMS, NOTES);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Map<String, Map<String, Object>>> sets = new LinkedHashMap<>();
  final List<String> apiKeys = new ArrayList<>();
  /** The renewal offering: its subscription id and parameter RecIds by parameter name. */
  String subscriptionId;
  final Map<String, String> offeringParameters = new LinkedHashMap<>();
  /** Option RecIds of the SecretType pick list, by value. */
  final Map<String, String> secretTypeOptions = new LinkedHashMap<>();
  String automationTeam = "Entra Automation";
  boolean emptyBodyOnNoMatch = true;
  int nextServiceReqNumber = 10196;
  int nextAssignmentId = 5001;
  private long recIdSeed = 0;
  private boolean deterministicIds = true;

  Itsm() {
    for (String set : SETS) {
      sets.put(set.toLowerCase(Locale.ROOT), new LinkedHashMap<>());
    }
  }

  /** The canonical name of an entity set, matched without regard to case. */
  static Optional<String> canonicalSet(String name) {
    return SETS.stream().filter(s -> s.equalsIgnoreCase(name)).findFirst();
  }

  Map<String, Map<String, Object>> set(String name) {
    return sets.get(name.toLowerCase(Locale.ROOT));
  }

  /** A new 32-character RecId; deterministic while the world is being seeded. */
  String newRecId() {
    if (deterministicIds) {
      recIdSeed++;
      return String.format("%032X", recIdSeed * 0x9E3779B97F4A7C15L & Long.MAX_VALUE)
          .substring(0, 32);
    }
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().withUpperCase().formatHex(bytes);
  }

  void endSeeding() {
    deterministicIds = false;
  }

  Map<String, Object> insert(String setName, Map<String, Object> fields) {
    Map<String, Object> record = new LinkedHashMap<>(fields);
    record.putIfAbsent("RecId", newRecId());
    set(setName).put(String.valueOf(record.get("RecId")), record);
    return record;
  }

  Optional<Map<String, Object>> find(String setName, String recId) {
    return set(setName).values().stream()
        .filter(r -> String.valueOf(r.get("RecId")).equalsIgnoreCase(recId)).findFirst();
  }

  static final Set<String> READ_ONLY = Set.of("RecId", "CreatedDateTime", "CreatedBy");
}
