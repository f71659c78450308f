#!/usr/bin/env python3
"""Start-up profile of the packaged service, as a Markdown table (docs/benchmarks/STARTUP.md).

Reads the output of one start of runlens/target/quarkus-app run with
    -Xlog:class+load:stdout:uptime -Dquarkus.debug.print-startup-times=true
(the JVM's class-load lines and Quarkus's "Build step ... completed in: N ms" lines, in the order they
happened) and prints one row per start-up step that took at least --min-ms: its time, the classes loaded
while it ran, how many of them came from a CDS/AOT archive, and the packages most of them came from.
Class loads before the first step are the JVM's and Quarkus's bootstrap.

    python3 runlens-bench/startup_profile.py start.log [--min-ms 20]
"""
import argparse
import collections
import re
import sys

CLASS_LOAD = re.compile(r"^\[(?P<uptime>[0-9.]+)s\](?:\[info\]\[class,load\])? (?P<name>\S+) source: (?P<source>.*)$")
STEP = re.compile(r"Build step (?P<step>\S+) completed in: (?P<ms>[0-9]+)ms")
STARTED = re.compile(r"started in (?P<s>[0-9.]+)s")


def package(name, depth=3):
    parts = name.split(".")[:-1]
    return ".".join(parts[:depth]) if parts else "(default)"


def short_step(step):
    # io.quarkus.deployment.steps.ArcProcessor$initializeContainer1234 -> ArcProcessor.initializeContainer
    step = step.rsplit(".", 1)[-1]
    step = re.sub(r"[0-9]+$", "", step)
    return step.replace("$", ".")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("log")
    parser.add_argument("--min-ms", type=int, default=20)
    args = parser.parse_args()

    rows = []
    pending = []  # class loads since the last step line
    last_uptime = 0.0
    bootstrap = None
    started = None
    with open(args.log, errors="replace") as log:
        for line in log:
            load = CLASS_LOAD.match(line)
            if load:
                pending.append((load["name"], "shared objects file" in load["source"] or "AOT" in load["source"]))
                last_uptime = float(load["uptime"])
                continue
            step = STEP.search(line)
            if step:
                if bootstrap is None:
                    bootstrap = (last_uptime, pending)
                else:
                    rows.append((short_step(step["step"]), int(step["ms"]), pending))
                    pending = []
                    continue
                rows.append((short_step(step["step"]), int(step["ms"]), []))
                pending = []
                continue
            done = STARTED.search(line)
            if done and started is None:
                started = (float(done["s"]), last_uptime, pending)
                pending = []

    if bootstrap is None:
        sys.exit("no 'Build step ... completed' line: run with -Dquarkus.debug.print-startup-times=true")

    def describe(loads):
        archived = sum(1 for _, shared in loads if shared)
        top = collections.Counter(package(name) for name, _ in loads).most_common(3)
        return len(loads), archived, ", ".join(f"{p} {n}" for p, n in top)

    print("| Phase | ms | classes loaded | from the archive | mostly from |")
    print("|---|---:|---:|---:|---|")
    count, archived, top = describe(bootstrap[1])
    print(f"| JVM and Quarkus bootstrap (to the first step, JVM uptime) | {bootstrap[0] * 1000:.0f} | {count} | {archived} | {top} |")
    other_ms, other_loads, other_steps = 0, [], 0
    for name, ms, loads in rows:
        if ms >= args.min_ms:
            count, archived, top = describe(loads)
            print(f"| {name} | {ms} | {count} | {archived} | {top} |")
        else:
            other_ms += ms
            other_loads += loads
            other_steps += 1
    count, archived, top = describe(other_loads)
    print(f"| {other_steps} other steps (each < {args.min_ms} ms) | {other_ms} | {count} | {archived} | {top} |")
    if started:
        count, archived, top = describe(started[2])
        print(f"| after the last step, to \"started in\" | | {count} | {archived} | {top} |")
        total = sum(1 for _ in rows)
        print()
        print(f"Quarkus \"started in\" {started[0]:.3f} s; last class loaded by then at JVM uptime {started[1]:.3f} s; "
              f"{total} steps.")


if __name__ == "__main__":
    main()
