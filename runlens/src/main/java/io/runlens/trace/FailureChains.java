package io.runlens.trace;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.temporal.api.failure.v1.Failure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failure cause chains as answers show them: the first {@link #SHOWN_CAUSES} causes, then one cause
 * (source {@code runlens}) saying how many more were left out. A chain can be as deep as Temporal's
 * answers are parsed ({@link ResponseNestingLimit}); the answer stays small, and no deeper than JSON
 * writers allow, whatever a worker sent.
 */
final class FailureChains {

    /** More than any exception chain's telling part; the rest is usually the same wrapper repeated. */
    static final int SHOWN_CAUSES = 20;

    private static final Map<Descriptor, Boolean> HOLDS_FAILURES = new ConcurrentHashMap<>();

    private FailureChains() {}

    /** {@code failure} itself when its chain is short enough, else a copy cut after {@link #SHOWN_CAUSES} causes. */
    static Failure truncated(Failure failure) {
        int causes = 0;
        for (Failure at = failure; at.hasCause(); at = at.getCause()) {
            causes++;
        }
        if (causes <= SHOWN_CAUSES) {
            return failure;
        }
        List<Failure> kept = new ArrayList<>(SHOWN_CAUSES + 1);
        Failure at = failure;
        for (int i = 0; i <= SHOWN_CAUSES; i++) {
            kept.add(at);
            at = at.getCause();
        }
        Failure rebuilt = Failure.newBuilder()
                .setMessage((causes - SHOWN_CAUSES) + " more causes left out")
                .setSource("runlens")
                .build();
        for (int i = kept.size() - 1; i >= 0; i--) {
            rebuilt = kept.get(i).toBuilder().setCause(rebuilt).build();
        }
        return rebuilt;
    }

    /** {@code message} with every failure in it {@link #truncated}: event attributes as {@code recent_events} prints them. */
    static Message withTruncatedFailures(Message message) {
        if (message instanceof Failure failure) {
            return truncated(failure);
        }
        Message.Builder changed = null;
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || !holdsFailures(field.getMessageType())) {
                continue;
            }
            if (field.isRepeated()) {
                for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
                    Message value = (Message) message.getRepeatedField(field, i);
                    Message shown = withTruncatedFailures(value);
                    if (shown != value) {
                        changed = changed != null ? changed : message.toBuilder();
                        changed.setRepeatedField(field, i, shown);
                    }
                }
            } else if (message.hasField(field)) {
                Message value = (Message) message.getField(field);
                Message shown = withTruncatedFailures(value);
                if (shown != value) {
                    changed = changed != null ? changed : message.toBuilder();
                    changed.setField(field, shown);
                }
            }
        }
        return changed == null ? message : changed.build();
    }

    // Whether a message of this type can contain a Failure: only those fields are walked.
    private static boolean holdsFailures(Descriptor type) {
        Boolean known = HOLDS_FAILURES.get(type);
        if (known == null) {
            known = holdsFailures(type, new HashSet<>());
            HOLDS_FAILURES.put(type, known);
        }
        return known;
    }

    private static boolean holdsFailures(Descriptor type, Set<Descriptor> visiting) {
        if (type.equals(Failure.getDescriptor())) {
            return true;
        }
        if (!visiting.add(type)) {
            return false;
        }
        for (FieldDescriptor field : type.getFields()) {
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                    && holdsFailures(field.getMessageType(), visiting)) {
                return true;
            }
        }
        return false;
    }
}
