/**
 * The {@link io.entrarenewal.core.port.out.Directory} port on Microsoft Graph v1.0 and the Entra
 * ID token endpoint. {@link io.entrarenewal.adapter.graph.GraphDirectory} is the entry point,
 * configured by {@link io.entrarenewal.adapter.graph.GraphSettings}; everything else is internal.
 */
package io.entrarenewal.adapter.graph;
