package io.runlens.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver (built with it, so the versions match): a
 * fresh profile per browser, no network of its own (no sync, updates, background fetches), and the tools a
 * browser test needs besides WebDriver's own: the keyboard's Tab, the console's messages, whole-page screenshots.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Why no browser can be started here, if it cannot. */
    static Optional<String> missing() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return Optional.empty();
        }
        return Optional.of("No Chromium to drive: it needs Debian's chromium and chromium-driver (" + CHROMIUM + ", "
                + CHROMEDRIVER + "; apt-get install -y chromium chromium-driver; .ci/run installs them)");
    }

    /** Starts a browser with a window of the given size and a profile of its own. */
    static HeadlessChromium start(int width, int height) throws IOException {
        Path profile = Files.createTempDirectory("viewer-chromium-");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-dev-shm-usage",
                        "--hide-scrollbars",
                        "--force-device-scale-factor=1",
                        "--lang=en-US",
                        "--window-size=" + width + "," + height,
                        "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // Both paths given: Selenium Manager (which would look for, and download, a driver) is never asked.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new HeadlessChromium(new ChromeDriver(service, options), profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Presses Tab until the focused element matches the CSS selector; fails after {@code limit} presses. */
    WebElement tabUntil(String selector, int limit) {
        for (int i = 0; i < limit; i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            WebElement active = driver.switchTo().activeElement();
            if ((Boolean) ((JavascriptExecutor) driver)
                    .executeScript("return arguments[0].matches(arguments[1])", active, selector)) {
                return active;
            }
        }
        throw new AssertionError("Tab never reached " + selector);
    }

    /** Presses Tab until {@code target} has the focus; fails after {@code limit} presses. */
    void tabTo(WebElement target, int limit) {
        for (int i = 0; i < limit; i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            if (driver.switchTo().activeElement().equals(target)) {
                return;
            }
        }
        throw new AssertionError("Tab never reached " + target);
    }

    /** The console's warnings and errors so far (script errors, Content-Security-Policy violations, failed loads). */
    List<String> consoleProblems() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** The whole page, beyond the window, as {@code directory/name.png}. */
    void screenshot(Path directory, String name) {
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> clip = Map.of(
                "x", 0,
                "y", 0,
                "width", ((Number) size.get("width")).doubleValue(),
                "height", ((Number) size.get("height")).doubleValue(),
                "scale", 1);
        Object data = driver.executeCdpCommand(
                        "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip))
                .get("data");
        try {
            Files.createDirectories(directory);
            Files.write(directory.resolve(name + ".png"), Base64.getDecoder().decode((String) data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
