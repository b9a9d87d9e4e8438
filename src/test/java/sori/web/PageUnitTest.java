package sori.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import sori.testing.Needs;

/**
 * Runs the page's own unit tests ({@code src/test/browser/*.test.mjs}: the pure store and the reconnect
 * catch-up) with Node's test runner, so {@code ./mvnw verify} fails when they do. They need no browser
 * and no node_modules; skipped only where there is no {@code node} at all.
 */
class PageUnitTest {

    private static final Path DIR = Path.of("src/test/browser");
    private static final Pattern COUNT = Pattern.compile("^# (tests|pass|fail) (\\d+)$", Pattern.MULTILINE);

    @Test
    void shouldPassThePageStoreAndReconnectTestsUnderNode() throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-reporter=tap"));
        try (Stream<Path> files = Files.list(DIR)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".test.mjs")).sorted()
                    .forEach(command::add);
        }
        assertThat(command).as("test files in %s", DIR).hasSizeGreaterThan(3);
        Path out = Path.of("target", "page-unit-tests.tap").toAbsolutePath();
        Files.createDirectories(out.getParent());
        Process node;
        try {
            node = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
        } catch (IOException e) {
            Needs.tool(false, "node", "apt-get install nodejs");
            return;
        }
        if (!node.waitFor(120, TimeUnit.SECONDS)) {
            node.destroyForcibly();
        }
        String tap = Files.readString(out);
        assertThat(node.isAlive()).as("node --test did not finish in 120 s:%n%s", tap).isFalse();
        assertThat(node.exitValue()).as("node --test output:%n%s", tap).isZero();
        int tests = 0;
        int passed = 0;
        int failed = -1;
        Matcher m = COUNT.matcher(tap);
        while (m.find()) {
            int n = Integer.parseInt(m.group(2));
            switch (m.group(1)) {
                case "tests" -> tests = n;
                case "pass" -> passed = n;
                default -> failed = n;
            }
        }
        assertThat(failed).as("failed, in:%n%s", tap).isZero();
        assertThat(tests).as("tests run, in:%n%s", tap).isGreaterThanOrEqualTo(15).isEqualTo(passed);
    }
}
