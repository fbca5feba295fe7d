/**
 * Stand-ins for Entra ID, Microsoft Graph, Passwordstate, Ivanti and AD CS on loopback, for
 * trying the tool and for tests. Entry point: {@code Sandbox.start(SandboxOptions)}. Depends on
 * no module of the product.
 */
module io.entrarenewal.sandbox {
  requires com.fasterxml.jackson.databind;
  requires com.nimbusds.jose.jwt;
  requires jdk.httpserver;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.util;
  requires org.slf4j;

  exports io.entrarenewal.sandbox;
  // The world's description is written as JSON from its records.
  opens io.entrarenewal.sandbox to com.fasterxml.jackson.databind;
}
