package io.runlens.support;

import java.util.HashMap;
import java.util.Map;

/**
 * The in-process Temporal service and the local PostgreSQL, each behind a {@link DelayProxy} that
 * the test can give a latency. Both start with no delay, so start-up and migrations run at full speed.
 */
public class DelayedBackends extends TemporalTestService {

    /** Both proxies, handed to the test field annotated with {@link InjectTemporal}. */
    public record Proxies(DelayProxy database, DelayProxy temporal) {
        public void delayMillis(long millis) {
            database.delayMillis(millis);
            temporal.delayMillis(millis);
        }
    }

    private Proxies proxies;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        String[] temporalTarget = config.get("runlens.temporal.target").split(":");
        proxies = new Proxies(new DelayProxy("127.0.0.1", 5432),
                new DelayProxy(temporalTarget[0], Integer.parseInt(temporalTarget[1])));
        config.put("runlens.temporal.target", "127.0.0.1:" + proxies.temporal().port());
        config.put("runlens.db.port", String.valueOf(proxies.database().port()));
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        super.inject(injector);
        injector.injectIntoFields(proxies, new TestInjector.AnnotatedAndMatchesType(InjectTemporal.class, Proxies.class));
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
