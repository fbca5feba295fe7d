/** The capabilities the use cases need from the outside world; adapters implement them. */
package io.entrarenewal.core.port.out;
