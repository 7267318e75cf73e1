package io.brook.broker.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Every path of the metrics endpoint but {@code /metrics}: {@code /health/live} answers 200 while the
 * process runs (this thread answering is the proof); {@code /health/ready} 200 while the broker serves
 * clients (registered with the controller quorum, every handler installed, not shutting down) and 503
 * otherwise; anything else 404. Bodies are one line of plain text.
 */
final class HealthHandler implements HttpHandler {

    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";

    private final BooleanSupplier ready;

    HealthHandler(BooleanSupplier ready) {
        this.ready = ready;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (LIVE.equals(path)) {
                answer(exchange, 200, "live");
            } else if (READY.equals(path)) {
                boolean r = ready.getAsBoolean();
                answer(exchange, r ? 200 : 503, r ? "ready" : "not ready");
            } else {
                answer(exchange, 404, "not found: " + LIVE + ", " + READY + " and /metrics are served here");
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
