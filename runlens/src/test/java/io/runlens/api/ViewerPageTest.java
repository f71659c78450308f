package io.runlens.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The execution viewer's files as a browser gets them from {@code /ui/}: without a credential (they hold no
 * data), under a Content-Security-Policy of their own that lets them load only themselves and call only this
 * origin, with the API's other security headers, and every module the page imports present and served as
 * JavaScript. The browser test (runlens-demo's ViewerBrowserTest) runs them.
 */
@QuarkusTest
class ViewerPageTest {

    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; "
            + "require-trusted-types-for 'script'; trusted-types 'none'";

    private static final Pattern LOCAL_REFERENCE = Pattern.compile("(?:src|href)=\"([a-z-]+\\.(?:js|css|svg))\"");
    private static final Pattern IMPORT = Pattern.compile("from '\\./([a-z-]+\\.js)'");

    @Test
    void thePageIsServedAtUiWithoutACredentialUnderItsOwnPolicy() {
        Response page = given().when().get("/ui/");
        assertEquals(200, page.statusCode());
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        assertSecurityHeaders(page);
        String html = page.asString();
        assertTrue(html.contains("<script type=\"module\" src=\"app.js\"></script>"), html);
        // Nothing inline for the policy to have to allow: no inline script, style attribute or handler.
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(html).find(), "inline script");
        assertFalse(Pattern.compile("\\sstyle=").matcher(html).find(), "style attribute");
        assertFalse(Pattern.compile("\\son[a-z]+=").matcher(html).find(), "inline event handler");
    }

    @Test
    void everyFileThePageLoadsIsServedWithItsTypeUnderThePolicy() {
        Set<String> files = filesOfThePage();
        assertTrue(
                files.containsAll(List.of("app.js", "viewer.css", "favicon.svg", "execution.js", "live.js")),
                files.toString());
        for (String file : files) {
            Response answer = given().when().get("/ui/" + file);
            assertEquals(200, answer.statusCode(), file);
            String expected =
                    file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css" : "image/svg+xml";
            assertTrue(answer.contentType().startsWith(expected), file + ": " + answer.contentType());
            assertSecurityHeaders(answer);
        }
    }

    @Test
    void theScriptsBuildNoMarkupFromStrings() {
        // What an execution carries (payloads, failure messages, names) reaches the page as text nodes only;
        // with Trusted Types required, any of these sinks would also be refused by the browser.
        List<String> sinks = List.of(
                "innerHTML",
                "outerHTML",
                "insertAdjacentHTML",
                "document.write",
                "eval(",
                "new Function",
                "setAttribute('style'");
        for (String file : filesOfThePage()) {
            if (!file.endsWith(".js")) {
                continue;
            }
            String source = given().when().get("/ui/" + file).asString();
            for (String sink : sinks) {
                assertFalse(source.contains(sink), file + " uses " + sink);
            }
        }
    }

    @Test
    void theApiKeepsItsOwnStricterPolicy() {
        Response answer = given().when().get("/api/v1/executions");
        assertEquals(401, answer.statusCode());
        assertEquals("default-src 'none'; frame-ancestors 'none'", answer.header("Content-Security-Policy"));
        assertEquals("no-store", answer.header("Cache-Control"));
    }

    private static void assertSecurityHeaders(Response answer) {
        assertEquals(POLICY, answer.header("Content-Security-Policy"));
        assertEquals("nosniff", answer.header("X-Content-Type-Options"));
        assertEquals("DENY", answer.header("X-Frame-Options"));
        assertEquals("no-referrer", answer.header("Referrer-Policy"));
        // Revalidated on every load (Last-Modified), so an upgrade never mixes old and new modules.
        assertEquals("no-cache", answer.header("Cache-Control"));
    }

    /** The files index.html references, and the modules app.js imports, transitively. */
    private static Set<String> filesOfThePage() {
        Set<String> files = new TreeSet<>();
        Matcher references = LOCAL_REFERENCE.matcher(given().when().get("/ui/").asString());
        while (references.find()) {
            files.add(references.group(1));
        }
        Deque<String> modules =
                new ArrayDeque<>(files.stream().filter(f -> f.endsWith(".js")).toList());
        while (!modules.isEmpty()) {
            Matcher imports =
                    IMPORT.matcher(given().when().get("/ui/" + modules.pop()).asString());
            while (imports.find()) {
                if (files.add(imports.group(1))) {
                    modules.push(imports.group(1));
                }
            }
        }
        return files;
    }
}
