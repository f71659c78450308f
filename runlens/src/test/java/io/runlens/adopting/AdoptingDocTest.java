package io.runlens.adopting;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runlens.support.PlatformRecipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/adopting.md shows the recipes' SQL exactly as their tests run it. */
class AdoptingDocTest {

    private static final Path DOC = Path.of(System.getProperty("basedir", "."), "..", "docs", "adopting.md");

    @Test
    void theDocumentShowsEachTestedRecipeVerbatim() throws IOException {
        String doc = Files.readString(DOC);
        for (String recipe : new String[] {"kubiya", "polos"}) {
            String sql = PlatformRecipe.sql(recipe).strip();
            assertTrue(doc.contains("```sql\n" + sql + "\n```"), recipe + ".sql differs from docs/adopting.md");
        }
    }
}
