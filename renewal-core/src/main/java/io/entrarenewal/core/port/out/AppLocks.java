package io.entrarenewal.core.port.out;

import io.entrarenewal.core.domain.ClientId;

/**
 * Keeps renewals of one app apart across runners. Two renewals of the same app at once would
 * each add a credential while the vault keeps only one; one after the other, the second finds
 * the first's credential fresh in the vault and keeps it.
 *
 * <p>The renewal service already runs the renewals it is given for one app one after the
 * other. An implementation of this port extends that to every process that shares it, for
 * example through lock files in a directory all runners use. Implementations must be safe for
 * use by several threads, and a lock must not outlive its holder: a runner that dies, even
 * killed, must not keep the app from being renewed by others.
 */
public interface AppLocks {

  /**
   * Waits until no other runner renews this app, then holds it until the returned hold is
   * closed.
   *
   * @param clientId the app
   * @return the hold; closing it lets the next runner in
   * @throws io.entrarenewal.core.domain.RenewalException when the app cannot be held: another
   *     runner kept it for longer than the implementation waits, or the lock itself could not
   *     be taken; the message says which, for a human
   */
  Hold hold(ClientId clientId);

  /** An app held for one renewal. */
  interface Hold extends AutoCloseable {

    /** Releases the app. Never throws; a lock that cannot be released is left to expire. */
    @Override
    void close();
  }

  /** No locking beyond the renewal service's own: right for a single runner. */
  static AppLocks withinProcess() {
    return clientId -> () -> { };
  }
}
