/**
 * The expiry dashboard: a server-rendered page of credentials by days left per tenant, with the
 * recent renewals and hand-overs, and the JSON API behind it. Readable without JavaScript.
 */
package io.entrarenewal.runner.service.dashboard;
