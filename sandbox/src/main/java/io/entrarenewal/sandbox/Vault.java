package io.entrarenewal.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Passwordstate side of the sandbox: password lists with their API keys, records and
 * documents. Callers hold this object's monitor while they read or change it.
 */
final class Vault {

  static final List<String> FIELD_ORDER = List.of("PasswordListID", "PasswordList", "PasswordID",
      "Title", "Domain", "HostName", "UserName", "Description", "GenericField1", "GenericField2",
      "GenericField3", "GenericField4", "GenericField5", "GenericField6", "GenericField7",
      "GenericField8", "GenericField9", "GenericField10", "GenericFieldInfo", "AccountTypeID",
      "Notes", "URL", "Password", "ExpiryDate", "AllowExport", "AccountType", "OTP");

  /** Fields a client may write; the others are set by the server. */
  static final List<String> WRITABLE = List.of("Title", "Domain", "HostName", "UserName",
      "Description", "GenericField1", "GenericField2", "GenericField3", "GenericField4",
      "GenericField5", "GenericField6", "GenericField7", "GenericField8", "GenericField9",
      "GenericField10", "AccountTypeID", "Notes", "URL", "Password", "ExpiryDate",
      "AllowExport", "AccountType");

  final Map<Integer, ListData> lists = new TreeMap<>();
  final Map<Integer, Map<String, Object>> records = new TreeMap<>();
  final Map<Integer, DocumentData> documents = new TreeMap<>();
  String systemKey;
  int nextPasswordId = 10001;
  int nextDocumentId = 501;

  /** A password list with its own API key; {@code reasonRequired} demands the Reason header. */
  static final class ListData {
    final int id;
    final String name;
    String apiKey;
    boolean reasonRequired;

    ListData(int id, String name, String apiKey) {
      this.id = id;
      this.name = name;
      this.apiKey = apiKey;
    }
  }

  /** A document attached to a password record. */
  record DocumentData(int documentId, int passwordId, String name, String description,
      byte[] content) {}

  synchronized ListData addList(int id, String name, String apiKey) {
    ListData list = new ListData(id, name, apiKey);
    lists.put(id, list);
    return list;
  }

  /** Adds a record with every field present, as the API returns them. */
  synchronized Map<String, Object> addRecord(int listId, Map<String, Object> fields) {
    ListData list = lists.get(listId);
    if (list == null) {
      throw new IllegalArgumentException("no password list " + listId);
    }
    Map<String, Object> record = new LinkedHashMap<>();
    for (String field : FIELD_ORDER) {
      record.put(field, defaultValue(field));
    }
    record.put("PasswordListID", Integer.toString(listId));
    record.put("PasswordList", list.name);
    record.put("PasswordID", nextPasswordId++);
    fields.forEach((key, value) -> {
      if (WRITABLE.contains(key)) {
        record.put(key, value);
      }
    });
    records.put((Integer) record.get("PasswordID"), record);
    return record;
  }

  private static Object defaultValue(String field) {
    return switch (field) {
      case "GenericFieldInfo" -> new ArrayList<>();
      case "AccountTypeID" -> 0;
      case "AllowExport" -> true;
      case "OTP" -> null;
      default -> "";
    };
  }

  synchronized DocumentData addDocument(int passwordId, String name, String description,
      byte[] content) {
    DocumentData document = new DocumentData(nextDocumentId++, passwordId, name, description,
        content.clone());
    documents.put(document.documentId(), document);
    return document;
  }

  synchronized Optional<Map<String, Object>> record(int passwordId) {
    return Optional.ofNullable(records.get(passwordId));
  }

  synchronized List<Map<String, Object>> recordsOf(int listId) {
    String id = Integer.toString(listId);
    return records.values().stream().filter(r -> id.equals(r.get("PasswordListID"))).toList();
  }

  static int listIdOf(Map<String, Object> record) {
    return Integer.parseInt(String.valueOf(record.get("PasswordListID")));
  }
}
