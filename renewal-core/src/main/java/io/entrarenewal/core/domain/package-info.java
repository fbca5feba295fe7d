/**
 * The renewal domain: apps and their credentials, requests, outcomes and settings. Pure Java,
 * no framework or vendor type.
 */
package io.entrarenewal.core.domain;
