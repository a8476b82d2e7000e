package dev.emulsion.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the README honest: its Java example is compiled against the project's classes and run, and its
 * "Try it" section holds exactly two commands, the second being what {@code .ci/run} runs.
 */
class ReadmeExampleTest {
    @TempDir
    Path tmp;

    private static String readme() throws IOException {
        return Files.readString(DocImagesTest.repoRoot().resolve("README.md"), StandardCharsets.UTF_8);
    }

    private static List<String> blocks(String text, String lang) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("```" + lang + "\\n(.*?)```", Pattern.DOTALL).matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void javaExampleCompilesAndRuns() throws Exception {
        List<String> java = blocks(readme(), "java");
        assertEquals(1, java.size(), "one Java example in the README");
        Path src = tmp.resolve("FilmLook.java");
        Files.writeString(src, java.get(0));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diag = new ByteArrayOutputStream();
        int rc = javac.run(null, diag, diag, "--release", "17", "-classpath", System.getProperty("java.class.path"),
                "-d", tmp.toString(), src.toString());
        assertEquals(0, rc, "the README example must compile:\n" + diag.toString(StandardCharsets.UTF_8));
        Path sample = DocImagesTest.repoRoot().resolve("samples/coffee.png");
        Path out = tmp.resolve("coffee-portra.png");
        PrintStream old = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader cl = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = cl.loadClass("FilmLook").getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[] {sample.toString(), out.toString()});
        } finally {
            System.setOut(old);
        }
        assertTrue(Files.size(out) > 1000, "the example wrote its image");
        assertEquals(600, CliHarness.read(out).getWidth());
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("rendered 600x400 into 16-bit"), printed.toString());
    }

    @Test
    void tryItHasExactlyTheTwoCommandsCiRuns() throws IOException {
        String text = readme();
        int from = text.indexOf("## Try it");
        int to = text.indexOf("\n## ", from + 3);
        List<String> cmds = blocks(text.substring(from, to), "sh");
        assertEquals(2, cmds.size(), "exactly two commands for a fresh machine");
        assertEquals("./emulsion apply -p portra-400 samples/astronaut.png -o out/", cmds.get(0).trim());
        String ci = Files.readString(DocImagesTest.repoRoot().resolve(".ci/run"), StandardCharsets.UTF_8);
        assertTrue(ci.contains(cmds.get(1).trim()), ".ci/run runs the README's test command: " + cmds.get(1));
        assertTrue(ci.contains(cmds.get(0).trim()), ".ci/run runs the README's sample command");
    }
}
