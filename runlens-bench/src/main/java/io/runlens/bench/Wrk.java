package io.runlens.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Closed-loop HTTP load with Debian's {@code wrk --latency}: its p50, p99, requests/s and errors. */
final class Wrk {

    private static final Pattern PERCENTILE =
            Pattern.compile("^\\s*(50|99)(?:\\.0+)?%\\s+([0-9.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE);
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("([0-9]+) requests in");
    private static final Pattern NON_SUCCESS = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");
    private static final Pattern SOCKET =
            Pattern.compile("Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)");

    private Wrk() {}

    /** {@code connections} connections over {@code threads} threads for {@code seconds}, each request with {@code headers}. */
    static Sample run(String url, int connections, int threads, int seconds, List<String> headers) {
        List<String> command = new ArrayList<>(List.of(
                "wrk", "--latency", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--timeout", "30s"));
        for (String header : headers) {
            command.add("-H");
            command.add(header);
        }
        command.add(url);
        String out;
        try {
            Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
            out = new String(wrk.getInputStream().readAllBytes());
            if (wrk.waitFor() != 0) {
                throw new IllegalStateException("wrk failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return parse(out);
    }

    static Sample parse(String out) {
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher percentile = PERCENTILE.matcher(out);
        while (percentile.find()) {
            double millis = toMillis(Double.parseDouble(percentile.group(2)), percentile.group(3));
            if (percentile.group(1).equals("50")) {
                p50 = millis;
            } else {
                p99 = millis;
            }
        }
        Matcher rate = RATE.matcher(out);
        Matcher total = TOTAL.matcher(out);
        if (Double.isNaN(p50) || Double.isNaN(p99) || !rate.find() || !total.find()) {
            throw new IllegalStateException("cannot read wrk's output:\n" + out);
        }
        long errors = 0;
        Matcher nonSuccess = NON_SUCCESS.matcher(out);
        if (nonSuccess.find()) {
            errors += Long.parseLong(nonSuccess.group(1));
        }
        Matcher socket = SOCKET.matcher(out);
        if (socket.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(socket.group(i));
            }
        }
        return new Sample(p50, p99, Double.parseDouble(rate.group(1)), Long.parseLong(total.group(1)), errors, "");
    }

    private static double toMillis(double value, String unit) {
        return switch (unit) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            case "m" -> value * 60_000;
            default -> throw new IllegalArgumentException(unit);
        };
    }
}
