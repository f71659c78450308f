package io.runlens.support;

import java.util.HashMap;
import java.util.Map;

/**
 * The in-process Temporal service (to run real workflows and record their runs) and a
 * {@link ScriptedTemporal} frontend in front of which Runlens is put, serving what the test recorded.
 * Closed runs are confirmed with it every 3 s ({@code runlens.cache.revalidate-after}), so that what
 * the test changes there shows within seconds.
 */
public class ScriptedTemporalService extends TemporalTestService {

    private ScriptedTemporal scripted;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        scripted = new ScriptedTemporal();
        config.put("runlens.temporal.target", scripted.target());
        config.put("runlens.cache.revalidate-after", "3s");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        super.inject(injector);
        injector.injectIntoFields(
                scripted, new TestInjector.AnnotatedAndMatchesType(InjectTemporal.class, ScriptedTemporal.class));
    }

    @Override
    public void stop() {
        if (scripted != null) {
            scripted.close();
        }
        super.stop();
    }
}
