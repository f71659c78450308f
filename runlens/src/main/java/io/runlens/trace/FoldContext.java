package io.runlens.trace;

import io.runlens.payload.PayloadDecoder;

/**
 * What the group folds of one history share: the decoder its payloads go through (it hands payloads
 * only a codec server can decode to the fold's list), the timeline, failure conversion, and whether
 * payloads and closed groups are kept (a details fold) or not (a stream's fold, which sends neither).
 */
record FoldContext(PayloadDecoder payloads, Failures failures, Timeline timeline, boolean keepsPayloads) {

    static FoldContext of(PayloadDecoder payloads, boolean forDetails) {
        return new FoldContext(payloads, new Failures(payloads), new Timeline(forDetails), forDetails);
    }
}
