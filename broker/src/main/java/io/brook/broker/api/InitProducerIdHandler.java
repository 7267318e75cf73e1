package io.brook.broker.api;

import io.brook.broker.meta.ProducerIds;
import io.brook.broker.network.ApiHandler;
import io.brook.broker.network.RequestContext;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.InitProducerIdRequest;
import io.brook.protocol.message.InitProducerIdResponse;
import java.util.concurrent.CompletionException;

/**
 * InitProducerId: a new producer id, epoch 0, from this broker's block (see {@link ProducerIds}). The
 * fields reserved for transactions must be empty (-1); when the controller cannot allocate a block the
 * answer is the retriable CONTROLLER_NOT_AVAILABLE.
 */
public final class InitProducerIdHandler implements ApiHandler {

    private final ProducerIds ids;

    public InitProducerIdHandler(ProducerIds ids) {
        this.ids = ids;
    }

    @Override
    public void handle(RequestContext request, Frame frame) throws Exception {
        InitProducerIdRequest req = Messages.parse(InitProducerIdRequest.parser(), frame.message());
        if (!req.getTransactionalId().isEmpty()) {
            request.respond(error(ErrorCode.INVALID_REQUEST, "transactions are not supported yet: transactional_id must be empty"));
            return;
        }
        if (req.getProducerId() != -1 || req.getProducerEpoch() != -1) {
            request.respond(error(ErrorCode.INVALID_REQUEST, "producer_id and producer_epoch must be -1 (a new producer); got "
                    + req.getProducerId() + " and " + req.getProducerEpoch()));
            return;
        }
        ids.next().whenComplete((id, t) -> {
            if (t == null) {
                request.respond(InitProducerIdResponse.newBuilder().setErrorCode(ErrorCode.NONE).setProducerId(id)
                        .setProducerEpoch(0).build());
            } else {
                Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
                request.respond(error(ErrorCode.CONTROLLER_NOT_AVAILABLE, "no producer id available now: " + cause.getMessage()));
            }
        });
    }

    private static InitProducerIdResponse error(ErrorCode code, String message) {
        return InitProducerIdResponse.newBuilder().setErrorCode(code).setErrorMessage(message).setProducerId(-1)
                .setProducerEpoch(-1).build();
    }
}
