package io.brook.cli;

import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Opening an Admin client from the connection options, and waiting for its futures. */
final class AdminClients {

    private AdminClients() {}

    static Admin open(ConnectionOptions c) {
        return new Admin(AdminConfig.builder()
                .bootstrapServers(c.bootstrap()).security(c.security())
                .clientId("brook-cli")
                .defaultApiTimeoutMs(c.timeoutMs)
                .requestTimeoutMs((int) Math.min(Math.max(c.timeoutMs, 1000), Integer.MAX_VALUE))
                .build());
    }

    /** Waits for {@code f}, unwrapping its failure so that the error handler sees the real exception. */
    static <T> T await(CompletableFuture<T> f, ConnectionOptions c) throws Exception {
        try {
            return f.get(c.timeoutMs + 5000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof Exception ex ? ex : e;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "no answer from " + c.bootstrap() + " within " + c.timeoutMs + " ms");
        }
    }
}
