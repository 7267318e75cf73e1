/**
 * Broker processes under the harness's control: start, graceful stop, kill -9, pause/resume
 * (SIGSTOP/SIGCONT) and restart, each with its own port and data directory on 127.0.0.1.
 */
package io.brook.jepsen.db;
