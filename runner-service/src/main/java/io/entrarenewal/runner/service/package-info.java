/**
 * The unattended renewal service: a composition root that reads the same configuration as the
 * command line, wires core's use cases to the adapters, and runs the engine with its health,
 * metrics, audit trail and dashboard.
 */
package io.entrarenewal.runner.service;
