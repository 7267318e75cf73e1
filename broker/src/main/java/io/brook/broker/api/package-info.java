/**
 * One handler per API ({@link io.brook.broker.network.ApiHandler} implementations). Handlers parse the
 * request message, check every field, do the work through the partition and topic managers, and
 * answer with per-topic/per-partition error codes. They run on the connection's event loop and never
 * block: long work completes a future that answers later.
 */
package io.brook.broker.api;
