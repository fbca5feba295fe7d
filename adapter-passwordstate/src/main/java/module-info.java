/**
 * The vault port on Click Studios Passwordstate's REST API. Entry point:
 * {@code PasswordstateVault.create(PasswordstateSettings)}.
 */
module io.entrarenewal.adapter.passwordstate {
  requires transitive io.entrarenewal.core;
  requires com.fasterxml.jackson.databind;
  requires java.net.http;
  requires java.sql;
  requires org.slf4j;

  exports io.entrarenewal.adapter.passwordstate;
}
