/**
 * The unattended loop: polls the work queue, claims and processes tasks with bounded
 * concurrency and one renewal per app at a time, scans on a schedule, and pauses work that
 * needs a system while it is unavailable.
 */
package io.entrarenewal.runner.service.engine;
