/**
 * A throw-away public key infrastructure for TLS tests: {@link io.brook.testsupport.tls.TestPki}
 * makes a certificate authority and issues certificates (server, client, expired, for other host
 * names) as PEM files in a test's temporary directory, so that no key is ever committed. Built on
 * Bouncy Castle's certificate builders; the keys come from the JDK. Test scope only.
 */
package io.brook.testsupport.tls;
