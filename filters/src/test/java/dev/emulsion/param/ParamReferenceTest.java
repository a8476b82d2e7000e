package dev.emulsion.param;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keeps docs/PARAMETERS.md equal to what the declarations generate (regenerate with -Demulsion.docs=true). */
class ParamReferenceTest {
    private static final Path DOC = Paths.get("../docs/PARAMETERS.md");

    @Test
    void committedReferenceMatchesTheDeclarations() throws IOException {
        String generated = ParamReference.markdown();
        if (Boolean.getBoolean("emulsion.docs")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(DOC), DOC + " is missing: run with -Demulsion.docs=true");
        assertEquals(generated, Files.readString(DOC, StandardCharsets.UTF_8),
                "docs/PARAMETERS.md is stale: regenerate with -Demulsion.docs=true");
    }

    @Test
    void everyRegisteredStageHasDocumentedParametersWithValidDefaults() {
        for (StageSpec s : StageRegistry.all()) {
            assertTrue(!s.doc().isBlank(), s.name());
            for (Param p : s.params()) {
                assertTrue(!p.doc().isBlank(), s.name() + "." + p.name() + " has a description");
                if (p.defaultValue() != null) {
                    assertEquals(String.valueOf(p.validate(p.defaultValue()) instanceof double[]
                                    ? "array" : p.validate(p.defaultValue())),
                            String.valueOf(p.defaultValue() instanceof double[] ? "array" : p.defaultValue()));
                }
            }
        }
    }
}
