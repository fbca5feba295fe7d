/**
 * The work queue on Ivanti Neurons for ITSM (formerly HEAT): {@link
 * io.entrarenewal.adapter.ivanti.IvantiWorkQueue}, configured with {@link
 * io.entrarenewal.adapter.ivanti.IvantiSettings}. Everything else is internal.
 */
package io.entrarenewal.adapter.ivanti;
