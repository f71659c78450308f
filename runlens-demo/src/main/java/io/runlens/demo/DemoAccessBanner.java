package io.runlens.demo;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.runlens.config.RunlensConfig;
import io.runlens.demo.DemoExecutions.DemoExecution;
import io.runlens.keys.ApiKeys;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Prints a ready bearer token and an API key for organization {@code demo}, and curl lines that use them. */
@ApplicationScoped
public class DemoAccessBanner {

    /** How long the printed token stays valid: a working day of poking at the demo, and then some. */
    static final Duration TOKEN_LIFETIME = Duration.ofHours(24);

    private static final Logger LOG = Logger.getLogger(DemoAccessBanner.class);
    private static final String RULE = "=".repeat(100);

    private final RunlensConfig runlens;
    private final ApiKeys apiKeys;
    private final String issuer;
    private final int httpPort;
    private final boolean canSign;

    public DemoAccessBanner(
            RunlensConfig runlens,
            ApiKeys apiKeys,
            @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort,
            @ConfigProperty(name = "smallrye.jwt.sign.key") Optional<String> signKey,
            @ConfigProperty(name = "smallrye.jwt.sign.key.location") Optional<String> signKeyLocation) {
        this.runlens = runlens;
        this.apiKeys = apiKeys;
        this.issuer = issuer;
        this.httpPort = httpPort;
        this.canSign = signKey.isPresent() || signKeyLocation.isPresent();
    }

    /** The demo's execution worth watching live: it renders a section every few seconds for about two minutes. */
    static final String STREAMED = "nightly-report";

    /** The banner's curl line that follows {@code execution} live; -N so curl prints each event as it comes. */
    static String streamCommand(String base, DemoExecution execution) {
        return "curl -sN -H \"Authorization: Bearer $RUNLENS_TOKEN\" " + base + '/' + execution.id() + "/stream";
    }

    /** The execution viewer's address on the demo's API origin (e.g. {@code http://localhost:8080}). */
    static String viewerAddress(String origin) {
        return origin + "/ui/";
    }

    /** A token for organization {@code demo}, signed with the configured (or generated) signing key. */
    public Optional<String> token() {
        if (!canSign) {
            return Optional.empty();
        }
        return Optional.of(Jwt.issuer(issuer)
                .subject("demo-user")
                .claim(runlens.auth().organizationClaim(), DemoExecutions.ORGANIZATION)
                .expiresIn(TOKEN_LIFETIME)
                .sign());
    }

    /** Who the banner's API keys are created by, so that the next start can tell them from keys made through the API. */
    static final String KEY_CREATOR = "demo";

    /**
     * A fresh API key for organization {@code demo}, made through the same service as the admin endpoint.
     * The keys earlier starts printed are deleted first: they would pile up, all still valid. Keys made
     * through {@code POST /api/v1/api-keys} stay.
     */
    String apiKey() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> apiKeys.delete(
                            "organizationId = ?1 and createdBy = ?2", DemoExecutions.ORGANIZATION, KEY_CREATOR))
                    .chain(() -> apiKeys.create(DemoExecutions.ORGANIZATION, "demo machine client", KEY_CREATOR))
                    .map(ApiKeys.CreatedKey::key));
        } catch (Throwable e) {
            throw new IllegalStateException("could not create the demo API key", e);
        }
    }

    /**
     * What the banner adds to "valid for 24 h": whether the token outlives this run. With the demo's own
     * pair kept in a file it does; with a pair only in memory it ends with the demo; with keys the operator
     * configured, it is theirs to say.
     */
    static String tokenScope(Optional<DemoSigningKeys> demoKeys) {
        if (demoKeys.isEmpty()) {
            return "";
        }
        return demoKeys.get()
                .keptIn()
                .map(file -> ", restarts included (signing key kept in " + file + ")")
                .orElse(", or until the demo stops (its signing key could not be kept)");
    }

    void print(List<DemoExecution> executions) {
        Optional<String> token = token();
        if (token.isEmpty()) {
            LOG.info("Demo: no JWT signing key is configured (smallrye.jwt.sign.key), so no demo token is printed; "
                    + "use a token from your own issuer with claim "
                    + runlens.auth().organizationClaim() + "=demo");
            return;
        }
        String origin = "http://localhost:" + httpPort;
        String base = origin + "/api/v1/executions";
        String curl = "curl -s -H \"Authorization: Bearer $RUNLENS_TOKEN\" ";
        StringBuilder text = new StringBuilder("\n")
                .append(RULE)
                .append('\n')
                .append(" Runlens demo is ready: ")
                .append(executions.size())
                .append(" executions of organization ")
                .append(DemoExecutions.ORGANIZATION)
                .append(", token valid for ")
                .append(TOKEN_LIFETIME.toHours())
                .append(" h")
                .append(tokenScope(DemoSigningKeys.current()))
                .append("\n\n")
                .append("Execution viewer (sign in with the token below): ")
                .append(viewerAddress(origin))
                .append("\n\n")
                .append("export RUNLENS_TOKEN=")
                .append(token.get())
                .append("\n\n")
                .append(curl)
                .append(base)
                .append('\n');
        executions.stream()
                .filter(e -> e.temporalWorkflowId() != null)
                .findFirst()
                .ifPresent(e -> text.append(curl)
                        .append(base)
                        .append('/')
                        .append(e.id())
                        .append('\n')
                        .append(curl)
                        .append(base)
                        .append('/')
                        .append(e.id())
                        .append("/details\n"));
        executions.stream()
                .filter(e -> e.temporalWorkflowId() != null
                        && !e.temporalWorkflowId().equals(e.id().toString()))
                .findFirst()
                .ifPresent(e -> text.append(curl)
                        .append(base)
                        .append('/')
                        .append(e.temporalWorkflowId())
                        .append('\n'));
        executions.stream()
                .filter(e -> STREAMED.equals(e.workflowId()))
                .findFirst()
                .ifPresent(e -> text.append(
                                "\nWatch the nightly report live (Server-Sent Events until it ends; Ctrl-C to stop):\n")
                        .append(streamCommand(base, e))
                        .append('\n'));
        text.append("\nOr, as a machine client, with an API key of organization ")
                .append(DemoExecutions.ORGANIZATION)
                .append(" (shown only now; a new one each start, and the previous start's stops working):\n")
                .append("export RUNLENS_API_KEY=")
                .append(apiKey())
                .append('\n')
                .append("curl -s -H \"Authorization: Bearer $RUNLENS_API_KEY\" ")
                .append(base)
                .append('\n');
        text.append(RULE);
        LOG.info(text);
    }
}
