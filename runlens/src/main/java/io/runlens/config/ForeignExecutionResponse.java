package io.runlens.config;

/** Answer for another organization's execution. */
public enum ForeignExecutionResponse {
    /** 404, the same as an unknown id: nobody learns that the id exists. */
    NOT_FOUND,
    /** 403, what Kubiya's API documents; tells the caller the id exists elsewhere. */
    FORBIDDEN
}
