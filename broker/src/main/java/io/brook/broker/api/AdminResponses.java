package io.brook.broker.api;

import io.brook.broker.meta.AdminResult;
import io.brook.protocol.message.TopicResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Helpers for answering administration requests once their futures are done. */
final class AdminResponses {

    private AdminResponses() {}

    static void whenAll(List<CompletableFuture<AdminResult>> results, Runnable answer) {
        CompletableFuture.allOf(results.toArray(new CompletableFuture[0])).whenComplete((v, t) -> answer.run());
    }

    static TopicResult topicResult(String name, AdminResult r) {
        return TopicResult.newBuilder().setName(name).setErrorCode(r.error()).setErrorMessage(r.message() == null ? "" : r.message()).build();
    }
}
