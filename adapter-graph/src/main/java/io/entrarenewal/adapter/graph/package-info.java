/**
 * The {@link io.entrarenewal.core.port.out.Directory} port on Microsoft Graph v1.0 and the Entra
 * ID token endpoint. {@link io.entrarenewal.adapter.graph.GraphDirectory} is the entry point,
 * configured by {@link io.entrarenewal.adapter.graph.GraphSettings}; everything else is internal.
 *
 * <p>Limitation: unlike the other library modules, this one has no module descriptor. The Graph
 * SDK's {@code microsoft-kiota-*} jars all declare the automatic module name
 * {@code com.microsoft.kiota}, so a named module cannot require them; this one stays on the
 * class path, where it works the same.
 */
package io.entrarenewal.adapter.graph;
