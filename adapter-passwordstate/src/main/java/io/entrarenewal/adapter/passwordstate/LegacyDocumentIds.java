package io.entrarenewal.adapter.passwordstate;

import io.entrarenewal.adapter.passwordstate.PasswordstateSettings.LegacyDocumentLookup;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.VaultEntry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the document id of a PFX stored before this tool recorded ids in the metadata. The
 * Passwordstate API cannot list an entry's documents, so the id comes from the metadata (where
 * an operator wrote it) or from the Passwordstate database.
 */
final class LegacyDocumentIds {

  private static final Logger LOG = LoggerFactory.getLogger(LegacyDocumentIds.class);
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

  private final LegacyDocumentLookup lookup;

  LegacyDocumentIds(LegacyDocumentLookup lookup) {
    this.lookup = lookup;
  }

  /** The entry's legacy document id under the configured strategy; empty when unknown. */
  Optional<String> find(VaultEntry entry) {
    if (lookup instanceof LegacyDocumentLookup.FromMetadata fromMetadata) {
      return entry.metadata(fromMetadata.key()).map(String::trim)
          .map(id -> requireDocumentId(id, entry, "metadata key " + fromMetadata.key()));
    }
    if (lookup instanceof LegacyDocumentLookup.Jdbc jdbc) {
      return query(jdbc, entry);
    }
    return Optional.empty();
  }

  private static Optional<String> query(LegacyDocumentLookup.Jdbc jdbc, VaultEntry entry) {
    try (Connection connection = DriverManager.getConnection(jdbc.jdbcUrl(), properties(jdbc));
        PreparedStatement statement = connection.prepareStatement(jdbc.sql())) {
      statement.setQueryTimeout((int) Math.max(1, jdbc.queryTimeout().toSeconds()));
      statement.setLong(1, Long.parseLong(entry.entryId()));
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          LOG.debug("the database knows no document of {}", entry.describe());
          return Optional.empty();
        }
        // Limitation: only the first row counts; the operator's SQL decides which document is
        // current (e.g. ORDER BY upload date), because this adapter cannot tell PFX files apart.
        String id = rows.getString(1);
        return id == null ? Optional.empty()
            : Optional.of(requireDocumentId(id.trim(), entry, "the database query"));
      }
    } catch (SQLException e) {
      // Driver messages may quote the URL, which can carry credentials: name the class only.
      Kind kind = e instanceof SQLTransientException ? Kind.UNAVAILABLE : Kind.REFUSED;
      throw new ExternalSystemException(ExternalSystem.VAULT, kind,
          "the database lookup of the document of " + entry.describe() + " failed ("
              + e.getClass().getSimpleName() + ", SQL state " + e.getSQLState() + ")", e);
    } catch (NumberFormatException e) {
      throw new ExternalSystemException(ExternalSystem.VAULT, Kind.REFUSED,
          "the database lookup needs a numeric entry id, not that of " + entry.describe(), e);
    }
  }

  private static Properties properties(LegacyDocumentLookup.Jdbc jdbc) {
    Properties properties = new Properties();
    if (!jdbc.user().isEmpty()) {
      properties.setProperty("user", jdbc.user());
    }
    if (jdbc.password() != null) {
      properties.setProperty("password", jdbc.password().reveal());
    }
    return properties;
  }

  private static String requireDocumentId(String id, VaultEntry entry, String source) {
    if (!DIGITS.matcher(id).matches()) {
      throw new ExternalSystemException(ExternalSystem.VAULT, Kind.REFUSED,
          source + " gave a document id for " + entry.describe() + " that is not a number");
    }
    return id;
  }
}
