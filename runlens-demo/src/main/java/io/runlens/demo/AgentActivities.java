package io.runlens.demo;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** What the demo's AI agents call out to: a planner, a web search and a language model. */
@ActivityInterface
public interface AgentActivities {

    /** Breaks a question into research steps; cheap and local, so the workflows run it as a local activity. */
    List<String> planResearch(String question);

    /** Searches the web; the demo's provider answers HTTP 503 twice before it succeeds. */
    List<Source> searchWeb(String query);

    /** Asks a language model. */
    ModelReply complete(ModelPrompt prompt);

    /** Pulls new contacts from the CRM; the demo's CRM is down for good, so this retries for ever. */
    int syncCrmContacts(String inbox);

    record Source(String title, String url, String snippet) {}

    record ModelPrompt(String model, String system, String prompt) {}

    record ModelReply(String model, String text, int promptTokens, int completionTokens) {}
}
