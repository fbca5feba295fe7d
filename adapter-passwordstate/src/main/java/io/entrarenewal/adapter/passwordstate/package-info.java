/**
 * The vault port on Click Studios Passwordstate's standard REST API: {@link
 * io.entrarenewal.adapter.passwordstate.PasswordstateVault}, configured by {@link
 * io.entrarenewal.adapter.passwordstate.PasswordstateSettings}. Everything else is internal.
 */
package io.entrarenewal.adapter.passwordstate;
