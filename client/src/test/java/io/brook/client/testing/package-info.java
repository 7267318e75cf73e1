/**
 * Test support for the client: an in-memory fake Brook cluster ({@link io.brook.client.testing.FakeCluster},
 * {@link io.brook.client.testing.FakeBroker}) that speaks the real wire protocol on loopback and can
 * inject faults, client configs tuned for it ({@link io.brook.client.testing.TestClients}), and the
 * Netty leak check every test of the module runs under ({@link io.brook.testsupport.NettyLeakCheck}, from the test-support module).
 */
package io.brook.client.testing;
