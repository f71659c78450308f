package io.runlens.config;

/** Order of the two backend reads of a details request. */
public enum FetchMode {
    /** The row and Temporal at once. */
    PARALLEL,
    /** The row first, then Temporal. */
    SEQUENTIAL
}
