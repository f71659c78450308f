package io.runlens.bench;

/** One measured cell: latency percentiles in milliseconds, throughput, and what went wrong. */
record Sample(double p50Millis, double p99Millis, double requestsPerSecond, long requests, long errors, String note) {}
