package io.runlens.support;

import java.util.HashMap;
import java.util.Map;

/**
 * The in-process Temporal service and the tests' PostgreSQL ({@link TestDatabase}), each behind a {@link FaultProxy} that
 * the test can give a latency or a fault. Both start healthy, so start-up and migrations run at full speed.
 */
public class DelayedBackends extends TemporalTestService {

    /** Both proxies, handed to the test field annotated with {@link InjectTemporal}. */
    public record Proxies(FaultProxy database, FaultProxy temporal) {
        public void delayMillis(long millis) {
            database.delayMillis(millis);
            temporal.delayMillis(millis);
        }

        public void heal() {
            database.heal();
            temporal.heal();
        }
    }

    private Proxies proxies;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        String[] temporalTarget = config.get("runlens.temporal.target").split(":");
        proxies = new Proxies(
                new FaultProxy(TestDatabase.host(), TestDatabase.port()),
                new FaultProxy(temporalTarget[0], Integer.parseInt(temporalTarget[1])));
        config.put("runlens.temporal.target", "127.0.0.1:" + proxies.temporal().port());
        config.put("runlens.db.port", String.valueOf(proxies.database().port()));
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        super.inject(injector);
        injector.injectIntoFields(
                proxies, new TestInjector.AnnotatedAndMatchesType(InjectTemporal.class, Proxies.class));
    }

    @Override
    public void stop() {
        if (proxies != null) {
            proxies.database().close();
            proxies.temporal().close();
        }
        super.stop();
    }
}
