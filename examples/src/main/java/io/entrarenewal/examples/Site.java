package io.entrarenewal.examples;

import java.net.URI;
import java.security.KeyStore;

/**
 * Where the systems are. In production the login and Graph addresses are Microsoft's global
 * ones ({@code GraphSettings.GLOBAL_AUTHORITY_HOST} and {@code GLOBAL_GRAPH_BASE_URL}) and the
 * trust store is the JDK's; the examples' tests point all of them at the sandbox.
 *
 * @param passwordstate the Passwordstate server
 * @param login the Entra login host
 * @param graph Graph's versioned base URL
 * @param trustStore the certificates trusted for TLS
 */
public record Site(URI passwordstate, URI login, URI graph, KeyStore trustStore) {}
