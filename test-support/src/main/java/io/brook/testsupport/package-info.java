/**
 * Helpers for the tests of every module: {@link io.brook.testsupport.NettyLeakCheck} turns a Netty
 * buffer leak into a test failure (registered through {@code META-INF/services}; a module enables it
 * with {@code junit.jupiter.extensions.autodetection.enabled=true}). Test scope only.
 */
package io.brook.testsupport;
