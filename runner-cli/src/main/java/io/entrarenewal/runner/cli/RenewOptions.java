package io.entrarenewal.runner.cli;

import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.InvalidRequestException;
import io.entrarenewal.core.domain.RenewalRequest;
import io.entrarenewal.core.domain.RenewalSettings;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Option;

/** The options naming one credential to renew, shared by {@code renew} and {@code plan renew}. */
final class RenewOptions {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

  @Option(names = "--app-id", required = true, paramLabel = "<client id>",
      description = "The app's application (client) id, a GUID.")
  private String appId;

  @Option(names = "--type", required = true, paramLabel = "secret|certificate",
      converter = CredentialTypeConverter.class,
      completionCandidates = CredentialTypeConverter.class,
      description = "Which credential to renew: secret or certificate.")
  private CredentialType type;

  @Option(names = "--tenant", paramLabel = "<name>",
      description = "The configured tenant to look in (default: every tenant, in order).")
  private String tenant;

  @Option(names = "--request-id", paramLabel = "<id>",
      description = "Identifies this renewal across re-runs (default: direct-<client id>-"
          + "<yyyyMMdd>, so a re-run on the same day finishes or finds the first run's"
          + " credential instead of adding a second one).")
  private String requestId;

  /** The request these options describe. */
  RenewalRequest request(Clock clock, RenewalSettings settings) {
    ClientId clientId = ClientId.parse(appId);
    if (tenant != null && settings.tenant(tenant).isEmpty()) {
      throw new InvalidRequestException("no tenant named " + tenant + " is configured");
    }
    String id = requestId != null
        ? requestId
        : "direct-" + clientId.value() + "-" + DAY.format(clock.instant().atZone(ZoneOffset.UTC));
    return RenewalRequest.direct(clientId, type, tenant, id);
  }
}
