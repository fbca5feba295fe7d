/** The use cases' implementations: the renewal flows, task processing, scanning and planning. */
package io.entrarenewal.core.service;
