package io.entrarenewal.core.port.in;

import io.entrarenewal.core.domain.ScanQuery;
import io.entrarenewal.core.domain.ScanReport;

/** Finds credentials close to expiry across tenants and opens renewal tasks for them. */
public interface ScanCredentialsUseCase {

  /** Receives progress of a running scan, for example to print it. */
  @FunctionalInterface
  interface Progress {
    /** Called after each page or batch: apps read so far in this tenant. */
    void appsRead(String tenantName, long appsSoFar);
  }

  /** Scans; opens at most one task per app and credential type, and none that is already open. */
  ScanReport scan(ScanQuery query, Progress progress);
}
