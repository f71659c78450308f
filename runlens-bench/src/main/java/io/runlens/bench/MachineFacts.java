package io.runlens.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** What a reader needs to weigh the numbers: when, on what, at which commit, and how busy the machine was. */
record MachineFacts(
        String date,
        int cores,
        String cpu,
        String memory,
        String kernel,
        String jdk,
        String commit,
        String loadAtStart) {

    static MachineFacts now() {
        return new MachineFacts(
                OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                Runtime.getRuntime().availableProcessors(),
                cpuModel(),
                totalMemory(),
                ServiceProcess.run("uname", "-sr").trim(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                headCommit(),
                ServiceProcess.run("uptime").trim());
    }

    String markdown() {
        return "| | |\n|---|---|\n"
                + "| Date | " + date + " |\n"
                + "| Commit | `" + commit + "` |\n"
                + "| Cores (`nproc`) | " + cores + " |\n"
                + "| CPU | " + cpu + " |\n"
                + "| Memory | " + memory + " |\n"
                + "| Kernel | " + kernel + " |\n"
                + "| JDK | " + jdk + " |\n"
                + "| `uptime` at start | " + loadAtStart + " |\n";
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String totalMemory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(line -> line.startsWith("MemTotal"))
                    .findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB")
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String headCommit() {
        String head =
                ServiceProcess.run("git", "rev-parse", "--short=12", "HEAD").trim();
        String dirty = ServiceProcess.run("git", "status", "--porcelain", "--untracked-files=no")
                        .isBlank()
                ? ""
                : " (with uncommitted changes)";
        return head + dirty;
    }
}
