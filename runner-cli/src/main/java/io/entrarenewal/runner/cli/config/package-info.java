/**
 * The YAML configuration of the runners: loading and validating it, the typed section of each
 * system, and references to secrets kept outside the file.
 */
package io.entrarenewal.runner.cli.config;
