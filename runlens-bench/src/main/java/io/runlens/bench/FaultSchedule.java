package io.runlens.bench;

import io.runlens.support.FaultProxy;
import java.util.ArrayList;
import java.util.List;

/**
 * The soak's schedule of faults: each fault of each backend in turn, with a healthy stretch before the
 * first and after every one, so a phase's answers show both the fault and whether the service comes back
 * from it. All phases last the same time, a share of {@code --minutes}.
 */
final class FaultSchedule {

    /** One stretch of the schedule: which backend is broken, and how. */
    record Phase(String name, String backend, String fault) {}

    private FaultSchedule() {}

    static List<Phase> phases() {
        List<Phase> faults = new ArrayList<>();
        for (String backend : List.of("PostgreSQL", "Temporal")) {
            for (String fault : List.of("slow", "stalled", "reset", "blackhole", "cut", "down")) {
                faults.add(new Phase(backend + " " + fault, backend, fault));
            }
        }
        List<Phase> phases = new ArrayList<>();
        phases.add(new Phase("healthy", "", ""));
        for (Phase fault : faults) {
            phases.add(fault);
            phases.add(new Phase("healthy", "", ""));
        }
        return phases;
    }

    /** Heals both proxies, then breaks the phase's backend, if any, its way. */
    static void apply(Phase phase, FaultProxy database, FaultProxy temporal) {
        database.heal();
        temporal.heal();
        if (phase.backend().isEmpty()) {
            return;
        }
        FaultProxy proxy = phase.backend().equals("PostgreSQL") ? database : temporal;
        switch (phase.fault()) {
            case "slow" -> proxy.delayMillis(100);
            // Past the row query's 3 s timeout, and past Temporal's 5 s call timeout.
            case "stalled" -> proxy.delayMillis(phase.backend().equals("PostgreSQL") ? 4000 : 6000);
            case "reset" -> proxy.mode(FaultProxy.Mode.RESET);
            case "blackhole" -> proxy.mode(FaultProxy.Mode.BLACKHOLE);
            case "cut" -> proxy.mode(FaultProxy.Mode.CUT);
            case "down" -> proxy.mode(FaultProxy.Mode.DOWN);
            default -> throw new IllegalArgumentException(phase.fault());
        }
    }
}
