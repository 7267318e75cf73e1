/**
 * Test support shared by the broker's tests: the Netty leak check that every test of this module
 * runs under (registered through {@code META-INF/services} and {@code junit-platform.properties}).
 */
package io.brook.broker.testing;
