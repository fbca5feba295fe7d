package io.entrarenewal.adapter.passwordstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.entrarenewal.adapter.passwordstate.PasswordstateSettings.LegacyDocumentLookup;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.VaultEntry;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The three ways to find a PFX document stored before this tool kept its id. */
class LegacyDocumentIdsTest {

  private static final String DB_URL = "jdbc:h2:mem:passwordstate;DB_CLOSE_DELAY=-1";
  private static final String SQL =
      "SELECT DocumentID FROM PasswordDocuments WHERE PasswordID = ? ORDER BY UploadedAt DESC";
  private static Connection keepAlive;

  private final VaultEntry entry = new VaultEntry("6691", "18075", "Certificaat App", Map.of());

  @BeforeAll
  static void createDatabase() throws Exception {
    keepAlive = DriverManager.getConnection(DB_URL, "sa", "db-secret");
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute("CREATE TABLE PasswordDocuments (DocumentID INT, PasswordID INT,"
          + " UploadedAt TIMESTAMP)");
      statement.execute("INSERT INTO PasswordDocuments VALUES"
          + " (301, 18075, TIMESTAMP '2023-01-01 00:00:00'),"
          + " (455, 18075, TIMESTAMP '2024-01-01 00:00:00'),"
          + " (500, 99, TIMESTAMP '2025-01-01 00:00:00')");
    }
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    keepAlive.close();
  }

  @Test
  void givenNoLookup_find_isEmpty() {
    assertThat(new LegacyDocumentIds(LegacyDocumentLookup.none()).find(entry)).isEmpty();
  }

  @Test
  void givenIdInMetadata_find_returnsIt() {
    VaultEntry withId = new VaultEntry("6691", "18075", "t", Map.of("LegacyDocumentID", " 42 "));

    assertThat(new LegacyDocumentIds(LegacyDocumentLookup.fromMetadata("LegacyDocumentID"))
        .find(withId)).contains("42");
  }

  @Test
  void givenNonNumericIdInMetadata_find_isRefused() {
    VaultEntry withId = new VaultEntry("6691", "18075", "t", Map.of("LegacyDocumentID", "x/1"));
    LegacyDocumentIds ids =
        new LegacyDocumentIds(LegacyDocumentLookup.fromMetadata("LegacyDocumentID"));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> ids.find(withId))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("not a number");
  }

  @Test
  void givenDocumentsInDatabase_find_returnsTheFirstRowOfTheQuery() {
    LegacyDocumentIds ids = new LegacyDocumentIds(new LegacyDocumentLookup.Jdbc(
        DB_URL, "sa", Secret.of("db-secret"), SQL, Duration.ofSeconds(5)));

    assertThat(ids.find(entry)).contains("455");
  }

  @Test
  void givenNoDocumentInDatabase_find_isEmpty() {
    LegacyDocumentIds ids = new LegacyDocumentIds(new LegacyDocumentLookup.Jdbc(
        DB_URL, "sa", Secret.of("db-secret"), SQL, Duration.ofSeconds(5)));

    assertThat(ids.find(new VaultEntry("6691", "7", "other", Map.of()))).isEmpty();
  }

  @Test
  void givenBrokenQuery_find_isRefusedWithoutNamingTheUrlOrPassword() {
    LegacyDocumentIds ids = new LegacyDocumentIds(new LegacyDocumentLookup.Jdbc(
        DB_URL, "sa", Secret.of("db-secret"), "SELECT Nope FROM Missing WHERE x = ?",
        Duration.ofSeconds(5)));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> ids.find(entry))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining(entry.describe())
        .withMessageNotContaining("db-secret")
        .withMessageNotContaining("jdbc:h2");
  }

  @Test
  void givenJdbcLookup_vault_findLegacyDocumentIdUsesIt() {
    PasswordstateVault vault = PasswordstateVault.create(PasswordstateSettings
        .builder(URI.create("https://passwordstate.example.org"))
        .legacyDocumentLookup(new LegacyDocumentLookup.Jdbc(
            DB_URL, "sa", Secret.of("db-secret"), SQL, Duration.ofSeconds(5)))
        .build());

    assertThat(vault.findLegacyDocumentId(entry)).contains("455");
  }
}
