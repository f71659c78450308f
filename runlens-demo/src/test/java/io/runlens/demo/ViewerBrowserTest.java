package io.runlens.demo;

import static io.restassured.RestAssured.given;
import static io.runlens.support.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.runlens.demo.DemoExecutions.DemoExecution;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The execution viewer at {@code /ui/} in a real browser: Debian's headless Chromium, driven through Debian's
 * chromedriver (the same Chromium build, so nothing is downloaded), against the demo's executions. Signs in
 * with the demo's token as a person would, reads the list and execution pages, moves through them with the
 * keyboard, and watches a running execution's page change when the test signals its workflow. Each page's
 * screenshot is kept in {@code target/viewer-screenshots/}. Skipped, saying why, where no Chromium is installed.
 */
@QuarkusTest
@TestProfile(ViewerBrowserTest.ViewerDemo.class)
class ViewerBrowserTest {

    /** A demo of its own: this test hands the support agent off, which ends the story DemoProfileTest checks. */
    public static class ViewerDemo extends DemoProfileTest.DemoEnabled {}

    private static final Path SCREENSHOTS = Path.of("target", "viewer-screenshots");
    // Every demo run but the long-lived ones settles within seconds; the margin is for a slow CI machine.
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Duration PAGE = Duration.ofSeconds(15);

    @TestHTTPResource("/")
    URI base;

    /** The page the demo's banner points at, on the test's port. */
    private String viewer;

    private final DemoExecutions demo;
    private final DemoTemporal temporal;
    private final DemoAccessBanner banner;

    private HeadlessChromium chromium;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private String token;

    ViewerBrowserTest(DemoExecutions demo, DemoTemporal temporal, DemoAccessBanner banner) {
        this.demo = demo;
        this.temporal = temporal;
        this.banner = banner;
    }

    @BeforeEach
    void openBrowser() throws IOException {
        Optional<String> missing = HeadlessChromium.missing();
        if (missing.isPresent()) {
            // Also in the build's output, where a skipped count alone would not say why.
            Logger.getLogger(ViewerBrowserTest.class).warn("The viewer's browser test is skipped. " + missing.get());
            Assumptions.abort(missing.get());
        }
        chromium = HeadlessChromium.start(1360, 900);
        browser = chromium.driver();
        wait = new WebDriverWait(browser, PAGE);
        // A running execution's page redraws on stream events: an element found a moment ago may be gone.
        wait.ignoring(StaleElementReferenceException.class);
        viewer = DemoAccessBanner.viewerAddress(base.toString().replaceAll("/$", ""));
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void theListShowsTheDemosExecutionsWithTheirStatusesAndTheKeyboardReachesTheRows() {
        Map<String, String> before = settledStatuses();
        signIn();

        List<WebElement> rows = executionRows(before.size());
        Map<String, String> after = statuses();
        for (WebElement row : rows) {
            String id = row.getDomAttribute("data-id");
            // The nightly report may finish between the two reads; every other status stays as the API said.
            String shown = row.getDomAttribute("data-status");
            assertTrue(shown.equals(before.get(id)) || shown.equals(after.get(id)), id + " shows " + shown);
            assertEquals(
                    shown, row.findElement(By.cssSelector(".badge")).getText().toLowerCase(), id);
        }
        List<String> workflows = rows.stream()
                .map(r -> r.findElement(By.cssSelector(".row-link")).getText())
                .toList();
        assertTrue(
                workflows.containsAll(List.of(
                        "research-agent", "invoice-sync", "support-inbox-agent", "nightly-report", "weekly-digest")),
                workflows.toString());
        screenshot("executions");

        // From the page's heading, Tab reaches the first row's link (past the filters), arrows move between rows,
        // Enter opens one.
        browser.findElement(By.cssSelector("h1")).click();
        WebElement focused = chromium.tabUntil(".row-link", 6);
        assertEquals(rows.get(0).findElement(By.cssSelector(".row-link")), focused);
        focused.sendKeys(Keys.ARROW_DOWN);
        WebElement second = rows.get(1).findElement(By.cssSelector(".row-link"));
        assertEquals(second, browser.switchTo().activeElement());
        String secondId = rows.get(1).getDomAttribute("data-id");
        String secondWorkflow = second.getText();
        second.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("#/executions/" + secondId));
        wait.until(d -> d.findElement(By.cssSelector("h1")).getText().startsWith(secondWorkflow));
        assertEquals(
                browser.findElement(By.cssSelector("h1")),
                browser.switchTo().activeElement(),
                "focus moves to the new page's heading");
    }

    @Test
    void theListFiltersByStatusAndPagesWithTheApisCursor() {
        Map<String, String> statuses = settledStatuses();
        signIn();
        executionRows(statuses.size());

        new Select(browser.findElement(By.id("status-filter"))).selectByValue("failed");
        wait.until(ExpectedConditions.urlContains("status=failed"));
        List<WebElement> failed = executionRows(1);
        assertEquals(
                "invoice-sync",
                failed.get(0).findElement(By.cssSelector(".row-link")).getText());
        assertTrue(
                failed.get(0).getText().contains("ledger rejected invoice INV-3108"),
                failed.get(0).getText());

        new Select(browser.findElement(By.id("status-filter"))).selectByValue("");
        new Select(browser.findElement(By.id("page-size"))).selectByValue("10");
        wait.until(ExpectedConditions.urlContains("limit=10"));
        List<String> firstPage = ids(executionRows(10));
        browser.findElement(By.linkText("Older →")).click();
        List<String> secondPage = ids(executionRows(statuses.size() - 10));
        assertTrue(firstPage.stream().noneMatch(secondPage::contains), firstPage + " " + secondPage);
        browser.findElement(By.linkText("← Newer")).click();
        assertEquals(firstPage, ids(executionRows(10)));
    }

    @Test
    void anExecutionPageShowsItsActivitiesWithTheirStatusesFailuresAndRuns() {
        settledStatuses();
        signIn();

        DemoExecution research = demo.first("research-agent").orElseThrow();
        open(research);
        // Kind, name and status of each row, in the order they began, as the details answer has them.
        assertEquals(
                List.of(
                        "local|PlanResearch|completed",
                        "activity|SearchWeb|completed",
                        "child|SummarizeDocument|completed",
                        "timer|Sleep 2 s|fired",
                        "activity|Complete|completed"),
                timelineRows(5));
        WebElement search = timelineRow("SearchWeb");
        assertEquals("3", search.findElement(By.cssSelector(".attempts")).getText(), "two retries, then success");
        // Keyboard: the step's disclosure opens its details (input, result) in place.
        WebElement toggle = search.findElement(By.cssSelector("button.disclosure"));
        browser.findElement(By.cssSelector("h1")).click();
        chromium.tabTo(toggle, 60);
        toggle.sendKeys(Keys.ENTER);
        assertEquals("true", toggle.getDomAttribute("aria-expanded"));
        WebElement details = browser.findElement(By.id(toggle.getDomAttribute("aria-controls")));
        assertTrue(details.isDisplayed());
        assertTrue(
                details.getText().contains("How do durable execution engines keep AI agents reliable"),
                details.getText());
        screenshot("execution");

        DemoExecution failed = lastOf("invoice-sync");
        open(failed);
        assertEquals(List.of("activity|PostToLedger|completed", "activity|PostToLedger|failed"), timelineRows(2));
        WebElement failure = browser.findElement(By.cssSelector(".panel-failure"));
        assertTrue(failure.getText().contains("LedgerRejected: ledger rejected invoice INV-3108"), failure.getText());
        assertTrue(
                failure.findElement(By.cssSelector("details.stack pre"))
                        .getText()
                        .contains("BusinessActivitiesImpl.postToLedger"),
                "the stack trace");
        screenshot("execution-failed");

        DemoExecution replay = demo.first("event-replay").orElseThrow();
        open(replay);
        List<WebElement> runs = browser.findElements(By.cssSelector("table.runs tbody tr"));
        assertEquals(3, runs.size());
        assertEquals("true", runs.get(2).getDomAttribute("aria-current"));
        assertEquals(
                "continued as new",
                runs.get(0).findElement(By.cssSelector(".badge")).getText().toLowerCase());
    }

    @Test
    void aRunningExecutionsPageUpdatesLiveWhenItsWorkflowIsSignalled() {
        settledStatuses();
        signIn();
        DemoExecution inbox = demo.first("support-inbox-agent").orElseThrow();
        open(inbox);
        // The stream is open (EventSource, with the cookie the token form wrote), and the CRM sync is still retrying.
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#live-state .live-on")));
        // Read again if a stream event redraws the row while it is read.
        wait.until(d -> {
            WebElement sync = timelineRow("SyncCrmContacts");
            return List.of("retrying", "started", "scheduled").contains(sync.getDomAttribute("data-status"))
                    && Integer.parseInt(sync.findElement(By.cssSelector(".attempts"))
                                    .getText())
                            > 1;
        });
        screenshot("execution-running");

        temporal.client().newUntypedWorkflowStub(inbox.temporalWorkflowId()).signal("handOff", "user-grace");

        // No reload: the signal arrives through the stream and the page re-reads the details.
        wait.withTimeout(SETTLE).until(d -> timelineRowsNow().contains("signal|handOff|received"));
        // The events as the stream brought them: a page that polled would have no such list.
        wait.until(d -> d.findElement(By.cssSelector(".live-log"))
                .getText()
                .toLowerCase()
                .contains("signal received"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-state"), "Run closed"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".summary"), "Completed"));
        // And the platform's row, which the demo's listener updates after Temporal closed the run.
        wait.until(d -> d.findElement(By.cssSelector("h1 .badge")).getText().equalsIgnoreCase("completed"));
        screenshot("execution-after-signal");
    }

    @Test
    void theTokenStaysOutOfTheAddressAndThePageRunsWithoutScriptOrPolicyErrors() {
        settledStatuses();
        signIn();
        open(demo.first("kyc-check").orElseThrow());
        assertFalse(browser.getCurrentUrl().contains(token));
        // Kept for this tab only, and sent in the Authorization header, never as a query parameter.
        assertEquals(token, browser.executeScript("return sessionStorage.getItem('runlens.viewer.token')"));
        // Decoded through the demo's codec server and redacted by the payload policy before the page sees it.
        WebElement payloads = browser.findElement(By.cssSelector(".payloads"));
        assertTrue(payloads.getText().contains("Grace Hopper"), payloads.getText());
        assertTrue(payloads.getText().contains("[REDACTED]"), payloads.getText());
        assertFalse(payloads.getText().contains("undecodable"), payloads.getText());

        List<String> problems = chromium.consoleProblems().stream()
                // Before signing in the list asked without a credential, as designed.
                .filter(message -> !message.contains("status of 401"))
                .toList();
        assertEquals(List.of(), problems, "console errors (script errors, Content-Security-Policy violations)");
    }

    @Test
    void anApiKeyReadsThePagesFromTheHeaderAndIsNeverWrittenToACookie() {
        Map<String, String> statuses = settledStatuses();
        browser.get(viewer);
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.sendKeys(banner.apiKey());
        field.sendKeys(Keys.ENTER);
        executionRows(statuses.size());
        assertTrue(browser.findElement(By.id("credential")).getText().contains("API key (this tab)"));
        open(demo.first("research-agent").orElseThrow());
        assertEquals(5, timelineRows(5).size());
        // API keys are accepted only in the Authorization header: the viewer writes no cookie for them.
        assertEquals("", browser.executeScript("return document.cookie"));

        browser.findElement(By.cssSelector("#credential button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        assertEquals(null, browser.executeScript("return sessionStorage.getItem('runlens.viewer.token')"));
    }

    /** Waits until every demo execution has its row and each finished story has its final status; returns them by id. */
    private Map<String, String> settledStatuses() {
        await().atMost(SETTLE).untilAsserted(() -> {
            JsonPath list = listExecutions();
            assertEquals(12, list.getList("items").size());
            assertEquals(
                    List.of("completed", "failed"),
                    list.getList("items.findAll { it.workflow_id == 'invoice-sync' }.status").stream()
                            .sorted()
                            .toList());
            assertEquals("completed", list.getString("items.find { it.workflow_id == 'research-agent' }.status"));
            assertEquals("cancelled", list.getString("items.find { it.workflow_id == 'data-export' }.status"));
            assertEquals("completed", list.getString("items.find { it.workflow_id == 'content-approval' }.status"));
        });
        return statuses();
    }

    private Map<String, String> statuses() {
        List<Map<String, Object>> items = listExecutions().getList("items");
        return items.stream()
                .collect(Collectors.toMap(item -> (String) item.get("id"), item -> (String) item.get("status")));
    }

    private JsonPath listExecutions() {
        return given().auth()
                .oauth2(banner.token().orElseThrow())
                .queryParam("limit", 50)
                .when()
                .get("/api/v1/executions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Opens the viewer, which asks for a credential, and pastes the demo's token into its form. */
    private void signIn() {
        browser.get(viewer);
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        assertEquals(
                "Bearer token or API key",
                browser.findElement(By.cssSelector("label[for=token]")).getText());
        token = banner.token().orElseThrow();
        field.sendKeys(token);
        field.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.executions")));
    }

    private void open(DemoExecution execution) {
        browser.get(viewer + "#/executions/" + execution.id());
        wait.until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("section[aria-labelledby=timeline-title]")));
    }

    private List<WebElement> executionRows(int count) {
        return wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("table.executions tbody tr"), count));
    }

    private List<String> timelineRows(int count) {
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("table.timeline tr.timeline-row"), count));
        return timelineRowsNow();
    }

    // One script, so one look at the page: a running execution's page redraws its timeline on stream events, and
    // rows read one WebDriver call at a time can be replaced in between (StaleElementReferenceException).
    @SuppressWarnings("unchecked")
    private List<String> timelineRowsNow() {
        return (List<String>) browser.executeScript(
                "return Array.from(document.querySelectorAll('table.timeline tr.timeline-row'), row =>"
                        + " row.getAttribute('data-kind') + '|' + row.querySelector('.step-name').innerText.trim()"
                        + " + '|' + row.getAttribute('data-status'));");
    }

    private WebElement timelineRow(String name) {
        return wait.until(d -> d.findElements(By.cssSelector("table.timeline tr.timeline-row")).stream()
                .filter(row ->
                        row.findElement(By.cssSelector(".step-name")).getText().equals(name))
                .findFirst()
                .orElse(null));
    }

    private DemoExecution lastOf(String workflowId) {
        return demo.executions().stream()
                .filter(e -> e.workflowId().equals(workflowId))
                .reduce((first, second) -> second)
                .orElseThrow();
    }

    private static List<String> ids(List<WebElement> rows) {
        return rows.stream().map(row -> row.getDomAttribute("data-id")).toList();
    }

    private void screenshot(String name) {
        chromium.screenshot(SCREENSHOTS, name);
    }
}
