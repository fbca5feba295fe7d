/**
 * The work-queue port on Ivanti Neurons for ITSM's REST API. Entry point:
 * {@code IvantiWorkQueue.create(IvantiSettings)}.
 */
module io.entrarenewal.adapter.ivanti {
  requires transitive io.entrarenewal.core;
  requires com.fasterxml.jackson.databind;
  requires java.net.http;
  requires org.slf4j;

  exports io.entrarenewal.adapter.ivanti;
}
