/**
 * The renewal domain: the model, the ports an embedding tool implements or plugs adapters into,
 * and the use cases, composed with {@link io.entrarenewal.core.service.Renewals#builder()}.
 * Depends on nothing but the JDK and the SLF4J API.
 */
module io.entrarenewal.core {
  requires org.slf4j;

  exports io.entrarenewal.core.domain;
  exports io.entrarenewal.core.port.in;
  exports io.entrarenewal.core.port.out;
  exports io.entrarenewal.core.service;
}
