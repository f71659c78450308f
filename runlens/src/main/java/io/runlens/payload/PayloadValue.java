package io.runlens.payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a response property that carries user data (a workflow's input or result, an activity's
 * arguments, heartbeat details, event attributes): {@link PayloadSerializerModifier} redacts
 * sensitive keys inside it, and leaves it out for callers who may not see payloads.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.RECORD_COMPONENT})
public @interface PayloadValue {

    /** When payloads are left out: {@code true} writes {@code {}} (the contract requires an object), else null. */
    boolean emptyObjectWhenOmitted() default false;

    /** {@code true}: the contract types the property as a string or null, so a value that is not text is written as null. */
    boolean textOnly() default false;
}
