/** The service's HTTP surface: health, metrics, and the mount point of the dashboard. */
package io.entrarenewal.runner.service.http;
