/** The use cases this tool offers to runners and embedding code. */
package io.entrarenewal.core.port.in;
