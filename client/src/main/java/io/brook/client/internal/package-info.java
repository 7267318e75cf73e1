/**
 * Implementation shared by the producer, consumer and admin client: the settings they have in
 * common, config parsing, the mapping of broker error codes to typed exceptions, retry backoff and
 * future helpers. Not API. May depend on {@code io.brook.client} (exceptions, records) and
 * {@code io.brook.protocol}.
 */
package io.brook.client.internal;
