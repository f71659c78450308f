package io.runlens.execution;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link ExecutionStatus} as its lower-case word, which the table's CHECK constraint lists. */
@Converter(autoApply = true)
public class ExecutionStatusConverter implements AttributeConverter<ExecutionStatus, String> {

    @Override
    public String convertToDatabaseColumn(ExecutionStatus status) {
        return status == null ? null : status.word();
    }

    @Override
    public ExecutionStatus convertToEntityAttribute(String word) {
        return word == null
                ? null
                : ExecutionStatus.fromWord(word)
                        .orElseThrow(() -> new IllegalStateException("unknown execution status in database: " + word));
    }
}
