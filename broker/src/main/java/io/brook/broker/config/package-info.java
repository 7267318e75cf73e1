/**
 * Broker and topic configuration: the keys, their defaults and validation, and how a properties
 * file, {@code BROOK_*} environment variables and command-line overrides are layered.
 */
package io.brook.broker.config;
