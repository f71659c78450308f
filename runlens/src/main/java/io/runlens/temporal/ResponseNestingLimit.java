package io.runlens.temporal;

import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parses Temporal's answers with a protobuf recursion limit of {@link #MAX_NESTING} instead of
 * protobuf's 100, at which a failure with about 95 causes (which Temporal stores: its own limit is
 * 10,000) made its run's history unreadable for good ("CANCELLED: Failed to read message").
 */
final class ResponseNestingLimit implements ClientInterceptor {

    /**
     * Parsing recurses once per level: cold code overflowed the Dockerfile's 512 KB thread stacks
     * between 400 and 500 levels (measured), so 200 keeps twice that margin and reads chains twice as
     * deep as before. A deeper chain still fails that one run's read, as before, and nothing else.
     */
    static final int MAX_NESTING = 200;

    private final Map<String, MethodDescriptor<?, ?>> methods = new ConcurrentHashMap<>();

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return next.newCall(withNestingLimit(method), options);
    }

    @SuppressWarnings("unchecked")
    private <Q, R> MethodDescriptor<Q, R> withNestingLimit(MethodDescriptor<Q, R> method) {
        return (MethodDescriptor<Q, R>) methods.computeIfAbsent(method.getFullMethodName(), name -> {
            if (method.getResponseMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<R> prototype
                    && prototype.getMessagePrototype() instanceof Message message) {
                return method.toBuilder(method.getRequestMarshaller(), (MethodDescriptor.Marshaller<R>)
                                ProtoUtils.marshallerWithRecursionLimit(message, MAX_NESTING))
                        .build();
            }
            return method;
        });
    }
}
