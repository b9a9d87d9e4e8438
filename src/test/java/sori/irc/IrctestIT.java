package sori.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import sori.testing.Needs;

/**
 * The IRC conformance suite irctest, the subset CI runs ({@code bench/irctest --ci}: the files in
 * {@code src/test/irctest/ci-subset.txt}), against the jar this build packaged. Any failed test fails the
 * build. Skipped where the suite ({@code ../shared/irctest}) or Debian's pytest packages are missing
 * ({@code .ci/run} installs those). The suite's log is {@code target/irctest.log}, its results
 * {@code target/irctest.xml}, the script's summary {@code target/irctest-ci.out}.
 */
@Tag("irctest")
class IrctestIT {
    private static final long LIMIT_MINUTES = 20;
    private static final Pattern COUNTS = Pattern.compile("passed (\\d+), failed (\\d+), skipped (\\d+)");

    @Test
    void shouldPassTheCiSubsetOfIrctest() throws Exception {
        Path suite = Path.of(System.getenv().getOrDefault("IRCTEST_DIR", "../shared/irctest"));
        Needs.tool(Files.isDirectory(suite.resolve("irctest")), "irctest in " + suite,
                "the project's shared/irctest beside the work tree, or IRCTEST_DIR");
        Needs.tool(pytestReady(), "Debian's pytest for irctest",
                "apt-get install python3-pytest python3-pytest-xdist python3-pytest-timeout");
        Path jar = Path.of("target", "sori.jar").toAbsolutePath();
        assertThat(jar).as("the packaged jar (failsafe runs after package)").isRegularFile();

        Path out = Path.of("target", "irctest-ci.out");
        ProcessBuilder pb = new ProcessBuilder("bench/irctest", "--ci").redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("IRCTEST_JAR", jar.toString());
        pb.environment().put("IRCTEST_DIR", suite.toAbsolutePath().toString());
        pb.environment().putIfAbsent("JOBS", "2");
        Process p = pb.start();
        if (!p.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS); // its trap reaps the servers it started
            fail("irctest did not finish within " + LIMIT_MINUTES + " minutes; see target/irctest.log");
        }
        String summary = Files.readString(out);
        Matcher m = COUNTS.matcher(summary);
        assertThat(m.find()).as("irctest's summary:%n%s", summary).isTrue();
        assertThat(Integer.parseInt(m.group(2))).as("failed irctest tests:%n%s", summary).isZero();
        assertThat(Integer.parseInt(m.group(1))).as("passed irctest tests:%n%s", summary).isPositive();
        assertThat(p.exitValue()).as("bench/irctest --ci exit code:%n%s", summary).isZero();
    }

    private static boolean pytestReady() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
            return false;
        }
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import pytest, xdist, pytest_timeout")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
