package sori.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import sori.server.ChatServer;
import sori.server.ServerConfig;
import sori.testing.LineClient;
import sori.testing.Needs;

/**
 * A page in Debian's Chromium ({@code src/test/browser/restart.spec.mjs}) rides through a server restart:
 * the server stops (the page is told it restarts, close 1012) and a new one starts on the same ports; the
 * page reconnects by itself and is mina again, which a terminal on the new server sees.
 */
class BrowserRestartTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCRIPT_DIR = Path.of("src/test/browser");

    @Test
    void shouldComeBackByItselfAfterTheServerRestarts() throws Exception {
        Needs.tool(Files.isExecutable(CHROMIUM), "chromium", "apt-get install chromium");
        Needs.tool(Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core")), "playwright-core",
                "(cd " + SCRIPT_DIR + " && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci)");
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        ServerConfig config = ServerConfig.defaults(freePort()).withWeb(WebConfig.defaults(freePort())).withIrc(sori.irc.IrcConfig.defaults(0));
        ChatServer server = new ChatServer(config).start();
        ProcessBuilder pb = new ProcessBuilder("node", "restart.spec.mjs").directory(SCRIPT_DIR.toFile())
                .redirectError(target.resolve("browser-restart1012.log").toFile());
        pb.environment().put("SORI_URL", "http://127.0.0.1:" + config.web().port() + "/");
        pb.environment().put("SORI_SCREENSHOT", target.resolve("browser-restart1012.png").toString());
        pb.environment().put("CHROMIUM", CHROMIUM.toString());
        Process node = pb.start();
        try {
            BlockingQueue<String> steps = new LinkedBlockingQueue<>();
            StringBuffer output = new StringBuffer();
            Thread outputReader = Thread.ofVirtual().start(() -> readLines(node, steps, output));
            String in = steps.poll(120, TimeUnit.SECONDS);
            assertThat(in).as("the page entered:%n%s", output).isEqualTo("{\"step\":\"in\"}");

            server.drain(ChatServer.DRAIN);
            server = new ChatServer(config).start();
            try (LineClient nc = new LineClient(server.chatAddress())) {
                nc.expect(l -> l.endsWith(": "));
                nc.send("nc");
                // The page is back either before nc (the welcome names it) or after (its join is announced).
                nc.expect(l -> l.equals("* mina joined lobby.") || l.startsWith("* Welcome, nc!") && l.contains("mina"));
            }
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                fail("the browser script did not finish within 60 s:%n" + output);
            }
            outputReader.join(TimeUnit.SECONDS.toMillis(10)); // the script ended: its output is complete
            assertThat(node.exitValue()).as("browser script output:%n%s", output).isZero();
            Map<String, Object> result = result(output.toString());
            assertThat(result.get("closeCode")).isEqualTo(1012L);
            assertThat((List<?>) result.get("goodbye")).as(output.toString()).isNotEmpty();
            System.out.println("page away across the restart: " + result.get("awayMs") + " ms");
        } finally {
            node.destroyForcibly();
            server.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
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

    private static void readLines(Process p, BlockingQueue<String> lines, StringBuffer all) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                all.append(line).append('\n');
                lines.add(line);
            }
        } catch (IOException e) {
            // the script ended
        }
    }
}
