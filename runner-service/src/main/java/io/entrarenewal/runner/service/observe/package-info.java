/**
 * What the service tells operators: Prometheus metrics, the audit trail, the recent outcomes
 * for the dashboard, and the timing decorators of the ports that feed them.
 */
package io.entrarenewal.runner.service.observe;
