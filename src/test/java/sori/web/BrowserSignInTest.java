package sori.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import sori.server.ChatServer;
import sori.server.ServerConfig;
import sori.testing.Needs;

/**
 * The page's sign-in in Debian's Chromium ({@code src/test/browser/signin.spec.mjs}): register with the form,
 * reload and still be signed in with no form shown, sign out and in again; and two browsers signed in to one
 * account seeing the same messages. Screenshots go to {@code target/browser-signin*.png}.
 */
class BrowserSignInTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCRIPT_DIR = Path.of("src/test/browser");
    private static final long NODE_SECONDS = 120;

    @Test
    void shouldRegisterStaySignedInAcrossAReloadAndSignOutAndInAgain() throws Exception {
        Map<String, Object> result = run("reload");
        assertThat(result.get("autocomplete")).isEqualTo(
                Map.of("signIn", "current-password", "register", "new-password", "labelled", true));
        assertThat(result.get("cookie")).isEqualTo(
                Map.of("httpOnly", true, "sameSite", "Strict", "path", "/", "secure", false));
        assertThat(result.get("scriptSeesCookie")).isEqualTo(false);
        assertThat(result.get("formShownOnReload")).as("a reload asks for nothing").isEqualTo(false);
        assertThat(result.get("lines")).isEqualTo(List.of("mina: before the reload", "mina: after the reload"));
        assertThat(result.get("cookieAfterSignOut")).isEqualTo(false);
        assertThat(result.get("signedInAgainAs")).isEqualTo("mina");
    }

    @Test
    void shouldShowTwoBrowsersSignedInToOneAccountTheSameMessages() throws Exception {
        Map<String, Object> result = run("two");
        assertThat(result.get("secondRooms")).as("the second browser is attached, in the account's rooms")
                .isEqualTo(List.of("#lobby", "#dev"));
        assertThat(result.get("secondFormShown")).isEqualTo(false);
        assertThat(result.get("first")).isEqualTo(result.get("second"));
        assertThat(result.get("first")).isEqualTo(List.of("mina: from the first browser", "mina: from the second browser"));
    }

    private Map<String, Object> run(String mode) throws Exception {
        Needs.tool(Files.isExecutable(CHROMIUM), "chromium", "apt-get install chromium");
        Needs.tool(Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core")), "playwright-core",
                "(cd " + SCRIPT_DIR + " && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci)");
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        try (ChatServer server = new ChatServer(ServerConfig.defaults(0)).start()) {
            ProcessBuilder pb = new ProcessBuilder("node", "signin.spec.mjs").directory(SCRIPT_DIR.toFile())
                    .redirectOutput(target.resolve("browser-signin-" + mode + ".out").toFile())
                    .redirectError(target.resolve("browser-signin-" + mode + ".log").toFile());
            Map<String, String> env = pb.environment();
            env.put("SORI_URL", "http://127.0.0.1:" + server.webAddress().getPort() + "/");
            env.put("SORI_MODE", mode);
            env.put("SORI_SCREENSHOT", target.resolve("browser-signin-" + mode + ".png").toString());
            env.put("SORI_FORM_SCREENSHOT", target.resolve("browser-signin-form.png").toString());
            env.put("CHROMIUM", CHROMIUM.toString());
            Process node = pb.start();
            try {
                if (!node.waitFor(NODE_SECONDS, TimeUnit.SECONDS)) {
                    fail("the browser script did not finish within " + NODE_SECONDS + " s");
                }
            } finally {
                node.destroyForcibly();
            }
            String output = Files.readString(target.resolve("browser-signin-" + mode + ".out"));
            assertThat(node.exitValue()).as("browser script output:%n%s", output).isZero();
            return result(output);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> result(String output) {
        for (String line : output.lines().toList().reversed()) {
            if (line.startsWith("{\"result\"")) {
                return (Map<String, Object>) Json.parse(line).get("result");
            }
        }
        return fail("no result from the browser script:%n%s", output);
    }
}
