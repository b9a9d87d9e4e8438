package sori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.testing.ConsoleTest;

/**
 * The cluster flags' refusals, each before anything is opened: a wrong value is a usage error (exit 2), a
 * combination cluster mode cannot run with is one line (exit 1), as a taken port is. No Redis is needed: none of
 * these gets as far as connecting.
 */
class ClusterFlagsTest extends ConsoleTest {

    private static final String PG = "postgresql://sori@127.0.0.1:1/sori";

    @TempDir
    Path dir;

    @Test
    void shouldRefuseANodeNameWithoutCluster() throws Exception {
        assertThat(run("server", "--node-name", "web1", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--node-name is for cluster mode: give --cluster too");
    }

    @Test
    void shouldRefuseANodeNameThatWouldBreakTheHashTag() throws Exception {
        assertThat(run("server", "--cluster", "redis://127.0.0.1:1", "--node-name", "a{b}", "--store", PG)).isEqualTo(2);
        assertThat(err.toString()).contains("--node-name may hold letters, digits and . _ : - (at most 100), not 'a{b}'");
    }

    @Test
    void shouldRefuseALeaseOutsideItsRange() throws Exception {
        assertThat(run("server", "--cluster", "redis://127.0.0.1:1", "--node-lease", "500ms", "--store", PG)).isEqualTo(2);
        assertThat(err.toString()).contains("--node-lease must be 1s to 10m, not 500ms");
    }

    @Test
    void shouldRefuseAnAddressThatIsNotRedisInOneLine() throws Exception {
        assertThat(run("server", "--cluster", "http://127.0.0.1:6379", "--store", PG)).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("sori: bad --cluster address http://127.0.0.1:6379: ")
                .doesNotContain("\n");
    }

    @Test
    void shouldRefuseMemoryInOneLineBeforeOpeningAnything() throws Exception {
        assertThat(run("server", "--cluster", "redis://127.0.0.1:1", "--store", "memory")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("sori: cluster mode needs --store postgresql://USER:PASS@HOST:PORT/DB, "
                + "where every node keeps accounts and history; --store memory is this machine's only");
    }

    @Test
    void shouldAskForANodeNameOnAPortPickedAtStart() throws Exception {
        assertThat(run("server", "--cluster", "redis://127.0.0.1:1", "--store", PG, "--port", "0")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("sori: cluster mode with --port 0 needs --node-name: the default "
                + "name is HOST:PORT, and a port picked at start is another one at each restart");
    }
}
