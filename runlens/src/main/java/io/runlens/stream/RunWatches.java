package io.runlens.stream;

import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * New history events of running runs, for requests held until their answer changes: one
 * {@link RunFollower} per run (Temporal's long poll for new events, as a live stream uses it), shared
 * by every request held on that run and cancelled when the last one lets go. A callback is called
 * on the follower's context for each step that brought a new event, a status change or the run's end,
 * and once more when the follower ends (the run closed, or Temporal failed), after which the run has
 * no watch until someone asks again.
 */
@ApplicationScoped
public class RunWatches {

    private final RunFollower follower;
    private final ConcurrentHashMap<String, Watch> watches = new ConcurrentHashMap<>();

    public RunWatches(RunFollower follower) {
        this.follower = follower;
    }

    /** Runs watched now (one Temporal long poll each). */
    public int watched() {
        return watches.size();
    }

    /**
     * Calls {@code callback} whenever run {@code runId} of {@code workflowId} gets an event after
     * {@code historyLength} (the history the caller's answer showed), until the returned handle is run.
     */
    public Runnable watch(String namespace, String workflowId, String runId, long historyLength, Runnable callback) {
        String key = namespace + '\u0000' + workflowId + '\u0000' + runId;
        Watch[] started = new Watch[1];
        Watch watch = watches.compute(key, (ignored, current) -> {
            Watch kept = current;
            if (kept == null) {
                kept = new Watch(key);
                started[0] = kept;
            }
            kept.callbacks.add(callback);
            return kept;
        });
        if (started[0] != null) {
            FollowedRun run = new FollowedRun(namespace, workflowId, runId, "RUNNING", historyLength, "");
            started[0].start(run, historyLength);
        }
        return () -> watches.computeIfPresent(key, (ignored, current) -> {
            if (current != watch) {
                return current;
            }
            current.callbacks.remove(callback);
            if (current.callbacks.isEmpty()) {
                current.cancel();
                return null;
            }
            return current;
        });
    }

    private final class Watch {

        private final String key;
        private final Set<Runnable> callbacks = new CopyOnWriteArraySet<>();
        private volatile Cancellable subscription;
        private volatile boolean cancelled;

        Watch(String key) {
            this.key = key;
        }

        void start(FollowedRun run, long after) {
            Cancellable started = follower.follow(run, after)
                    .subscribe()
                    .with(
                            step -> {
                                if (changes(step)) {
                                    callbacks.forEach(Runnable::run);
                                }
                            },
                            failure -> ended(),
                            this::ended);
            subscription = started;
            if (cancelled) {
                started.cancel();
            }
        }

        private boolean changes(RunFollower.Step step) {
            // The first step opens with the run's status as it was: only what came after counts.
            return step.last()
                    || step.updates().stream()
                            .anyMatch(update ->
                                    !(update instanceof RunUpdate.Status) && !(update instanceof RunUpdate.KeepAlive));
        }

        private void ended() {
            watches.remove(key, this);
            callbacks.forEach(Runnable::run);
        }

        void cancel() {
            cancelled = true;
            Cancellable started = subscription;
            if (started != null) {
                started.cancel();
            }
        }
    }
}
