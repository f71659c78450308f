package io.runlens.demo;

import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Locale;

/** Deterministic stand-ins: every outcome follows from the input and the attempt number, never from chance. */
public class AgentActivitiesImpl implements AgentActivities {

    /** Attempts that fail before the search provider recovers. */
    static final int SEARCH_FAILURES = 2;

    @Override
    public List<String> planResearch(String question) {
        return List.of("search the web for: " + question, "summarize the three best sources", "draft a cited answer");
    }

    @Override
    public List<Source> searchWeb(String query) {
        int attempt = Activity.getExecutionContext().getInfo().getAttempt();
        if (attempt <= SEARCH_FAILURES) {
            throw ApplicationFailure.newFailure(
                    "search provider returned HTTP 503 Service Unavailable (attempt " + attempt + ")",
                    "SearchProviderUnavailable");
        }
        String slug = query.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return List.of(
                new Source(
                        "Durable execution explained",
                        "https://docs.example.com/durable-execution/" + slug,
                        "Workflows survive process crashes because every step is recorded in an event history."),
                new Source(
                        "Retry policies in practice",
                        "https://blog.example.com/retries",
                        "Exponential back-off with a cap keeps a flaky dependency from taking the whole system down."),
                new Source(
                        "Observability for agent platforms",
                        "https://example.org/agent-observability",
                        "Operators need the business row and the execution history side by side."));
    }

    @Override
    public ModelReply complete(ModelPrompt prompt) {
        String text = firstSentence(prompt.prompt());
        return new ModelReply(prompt.model(), text, tokens(prompt.system()) + tokens(prompt.prompt()), tokens(text));
    }

    @Override
    public int syncCrmContacts(String inbox) {
        int attempt = Activity.getExecutionContext().getInfo().getAttempt();
        throw ApplicationFailure.newFailure(
                "CRM API https://crm.example.com/v2/contacts refused the connection (attempt " + attempt + ")",
                "CrmUnavailable");
    }

    private static String firstSentence(String text) {
        int end = text.indexOf('.');
        return end < 0 ? text : text.substring(0, end + 1);
    }

    // Roughly four characters per token, as the common tokenizers average on English text.
    private static int tokens(String text) {
        return text == null ? 0 : Math.max(1, text.length() / 4);
    }
}
