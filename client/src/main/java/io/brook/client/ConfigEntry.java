package io.brook.client;

/**
 * A topic config with its effective value.
 *
 * @param isDefault true when no override is set and the value is the broker default
 */
public record ConfigEntry(String name, String value, boolean isDefault) {
}
