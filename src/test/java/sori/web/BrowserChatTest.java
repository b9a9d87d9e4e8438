package sori.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.server.ChatServer;
import sori.server.ServerConfig;
import sori.store.StoreOptions;
import sori.testing.Needs;

/**
 * Two pages in Debian's Chromium (driven by {@code src/test/browser/chat.spec.mjs}) and one plain TCP
 * client chat in the lobby; all three must see the same lines in the same order, including the ones
 * a page missed while its socket was down. Screenshots go to {@code target/browser-chat*.png}.
 * Skipped only where Chromium or the script's node_modules are missing ({@code .ci/run} installs both).
 * {@code history.spec.mjs} checks history: scrolling back to a room's first message, and catching up
 * across a server restart.
 */
class BrowserChatTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCRIPT_DIR = Path.of("src/test/browser");
    /** Lines said or acted in the lobby during the script: three per party and one said while jun was away. */
    private static final int EXPECTED = 10;
    private static final long NODE_SECONDS = 120;
    private static final Pattern SAID = Pattern.compile("^\\[(mina|jun|nc)\\] (.*)$");

    @Test
    void shouldShowTwoPagesAndATerminalTheSameMessagesInTheSameOrder() throws Exception {
        assumeBrowser();
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);

        try (ChatServer server = new ChatServer(ServerConfig.defaults(0)).start();
                Socket tcp = new Socket("127.0.0.1", server.chatAddress().getPort())) {
            // Every line goes to both: one queue to wait on (lines before a match are dropped), one to check.
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            BlockingQueue<String> all = new LinkedBlockingQueue<>();
            Thread reader = Thread.ofVirtual().start(() -> readLines(tcp, lines, all));
            OutputStream out = tcp.getOutputStream();
            send(out, "nc");
            await(lines, "* Welcome, nc");

            Process node = script(server, target).start();
            try {
                // The terminal speaks once both pages are in, and again while the pages are talking.
                await(lines, "* jun joined lobby.");
                send(out, "nc 1");
                await(lines, "[mina] mina 1");
                send(out, "nc 2");
                send(out, "nc 3");
                if (!node.waitFor(NODE_SECONDS, TimeUnit.SECONDS)) {
                    fail("the browser script did not finish within " + NODE_SECONDS + " s; see target/browser-chat.log");
                }
            } finally {
                node.destroyForcibly();
            }
            String output = Files.readString(target.resolve("browser-chat.out"));
            assertThat(node.exitValue()).as("browser script output:%n%s", output).isZero();
            Map<String, Object> result = result(output);

            List<String> terminal = new ArrayList<>();
            while (terminal.size() < EXPECTED) {
                String line = all.poll(WsClient.WAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(line).as("terminal lines so far: %s", terminal).isNotNull();
                Matcher m = SAID.matcher(line);
                if (m.matches()) {
                    terminal.add(m.group(1) + ": " + m.group(2));
                } else if (line.equals("* jun waves")) {
                    terminal.add(line);
                }
            }
            @SuppressWarnings("unchecked")
            List<List<String>> pages = (List<List<String>>) result.get("pages");
            assertThat(terminal).hasSize(EXPECTED).contains("nc: nc 1", "mina: while jun was away", "* jun waves");
            assertThat(pages.get(0)).as("mina's page").isEqualTo(terminal);
            assertThat(pages.get(1)).as("jun's page").isEqualTo(terminal);
            assertThat(result.get("korean")).isEqualTo("이름을 정하세요");
            assertThat(target.resolve("browser-chat.png")).isNotEmptyFile();
            reader.interrupt();
        }
    }

    /** Lines in the lobby before the page comes: more than the 20 a join replays. */
    private static final int EARLY = 45;

    @Test
    void shouldLoadOlderMessagesWithoutMovingTheViewWhenTheLogIsScrolledToTheTop() throws Exception {
        assumeBrowser();
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        try (ChatServer server = new ChatServer(ServerConfig.defaults(0)).start();
                Socket tcp = new Socket("127.0.0.1", server.chatAddress().getPort())) {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = Thread.ofVirtual().start(() -> readLines(tcp, lines, new LinkedBlockingQueue<>()));
            OutputStream out = tcp.getOutputStream();
            send(out, "nc");
            await(lines, "* Welcome, nc");
            for (int i = 1; i <= EARLY; i++) {
                send(out, "early " + i);
            }
            await(lines, "[nc] early " + EARLY);

            ProcessBuilder pb = history(server.webAddress().getPort(), target, "scrollback");
            pb.environment().put("SORI_EARLY", Integer.toString(EARLY));
            pb.redirectOutput(target.resolve("browser-scrollback.out").toFile())
                    .redirectError(target.resolve("browser-scrollback.log").toFile());
            Process node = pb.start();
            try {
                if (!node.waitFor(NODE_SECONDS, TimeUnit.SECONDS)) {
                    fail("the browser script did not finish within " + NODE_SECONDS + " s");
                }
            } finally {
                node.destroyForcibly();
            }
            String output = Files.readString(target.resolve("browser-scrollback.out"));
            assertThat(node.exitValue()).as("browser script output:%n%s", output).isZero();
            Map<String, Object> result = result(output);
            assertThat(result.get("lines")).as("every line once, in order:%n%s", output)
                    .isEqualTo(IntStream.rangeClosed(1, EARLY).mapToObj(i -> "nc: early " + i).toList());
            assertThat(((Number) result.get("shownFirst")).intValue()).as("lines before scrolling").isLessThanOrEqualTo(20);
            assertThat(result.get("anchorTopAfter")).as("the line on top did not move:%n%s", output).isNotNull();
            assertThat(((Number) result.get("anchorTopAfter")).doubleValue())
                    .as("the line on top did not move:%n%s", output)
                    .isCloseTo(((Number) result.get("anchorTop")).doubleValue(), org.assertj.core.data.Offset.offset(2.0));
            assertThat(result.get("loading")).isEqualTo("loading earlier messages…");
            assertThat(result.get("beginning")).isEqualTo("beginning of #lobby");
            reader.interrupt();
        }
    }

    @Test
    void shouldShowEveryMessageOnceInOrderAcrossAServerRestart(@TempDir Path data) throws Exception {
        assumeBrowser();
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        // The durable store on a data directory of its own, so numbers and history survive the restart below.
        ServerConfig config = ServerConfig.defaults(freePort()).withWeb(WebConfig.defaults(freePort())).withIrc(sori.irc.IrcConfig.defaults(0))
                .withStore(StoreOptions.sqlite(data));
        ChatServer server = new ChatServer(config).start();
        Process node = null;
        try {
            ProcessBuilder pb = history(config.web().port(), target, "restart")
                    .redirectError(target.resolve("browser-restart.log").toFile());
            node = pb.start();
            BlockingQueue<String> steps = new LinkedBlockingQueue<>();
            StringBuilder output = new StringBuilder();
            Process script = node;
            Thread outputReader = Thread.ofVirtual().start(() -> readLines(script.getInputStream(), steps, output));
            Writer toNode = new java.io.OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);

            await(steps, "{\"step\":\"restart\"}");
            server.close();
            toNode.write("stopped\n");
            toNode.flush();
            await(steps, "{\"step\":\"waiting\"");
            server = new ChatServer(config).start();
            try (Socket tcp = new Socket("127.0.0.1", config.port())) {
                BlockingQueue<String> lines = new LinkedBlockingQueue<>();
                Thread.ofVirtual().start(() -> readLines(tcp, lines, new LinkedBlockingQueue<>()));
                OutputStream out = tcp.getOutputStream();
                send(out, "nc");
                await(lines, "* Welcome, nc");
                send(out, "while away 1");
                send(out, "while away 2");
                await(lines, "[nc] while away 2");
                toNode.write("go\n");
                toNode.flush();
                if (!node.waitFor(NODE_SECONDS, TimeUnit.SECONDS)) {
                    fail("the browser script did not finish within " + NODE_SECONDS + " s:%n" + output);
                }
            }
            outputReader.join(TimeUnit.SECONDS.toMillis(10)); // the script ended: its output is complete
            assertThat(node.exitValue()).as("browser script output:%n%s", output).isZero();
            Map<String, Object> result = result(output.toString());
            assertThat(result.get("lines")).as("every line once, in order:%n%s", output).isEqualTo(List.of(
                    "mina: before 1", "mina: before 2", "mina: before 3", "nc: while away 1", "nc: while away 2",
                    "mina: after 1", "mina: after 2", "mina: after 3"));
        } finally {
            if (node != null) {
                node.destroyForcibly();
            }
            server.close();
        }
    }

    private static void assumeBrowser() {
        Needs.tool(Files.isExecutable(CHROMIUM), "chromium", "apt-get install chromium");
        Needs.tool(Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core")), "playwright-core",
                "(cd " + SCRIPT_DIR + " && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci)");
    }

    private static ProcessBuilder history(int webPort, Path target, String mode) {
        ProcessBuilder pb = new ProcessBuilder("node", "history.spec.mjs").directory(SCRIPT_DIR.toFile());
        Map<String, String> env = pb.environment();
        env.put("SORI_URL", "http://127.0.0.1:" + webPort + "/");
        env.put("SORI_MODE", mode);
        env.put("SORI_SCREENSHOT", target.resolve("browser-" + mode + ".png").toString());
        env.put("CHROMIUM", CHROMIUM.toString());
        return pb;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The script's output lines, to wait on and to show when something fails. */
    private static void readLines(java.io.InputStream in, BlockingQueue<String> lines, StringBuilder all) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (all) {
                    all.append(line).append('\n');
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // the script ended
        }
    }

    private static ProcessBuilder script(ChatServer server, Path target) {
        ProcessBuilder pb = new ProcessBuilder("node", "chat.spec.mjs")
                .directory(SCRIPT_DIR.toFile())
                .redirectError(target.resolve("browser-chat.log").toFile())
                .redirectOutput(target.resolve("browser-chat.out").toFile());
        Map<String, String> env = pb.environment();
        env.put("SORI_URL", "http://127.0.0.1:" + server.webAddress().getPort() + "/");
        env.put("SORI_EXPECT", Integer.toString(EXPECTED));
        env.put("SORI_SCREENSHOT", target.resolve("browser-chat.png").toString());
        env.put("SORI_PHONE_SCREENSHOT", target.resolve("browser-chat-phone.png").toString());
        env.put("SORI_KO_SCREENSHOT", target.resolve("browser-chat-ko.png").toString());
        env.put("CHROMIUM", CHROMIUM.toString());
        return pb;
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

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Waits, with a bound, for a terminal line containing {@code text}; lines before it are dropped. */
    private static void await(BlockingQueue<String> lines, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                fail("no terminal line with '" + text + "' within 60 s");
            }
            if (line.contains(text)) {
                return;
            }
        }
    }

    private static void readLines(Socket tcp, BlockingQueue<String> lines, BlockingQueue<String> all) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(tcp.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                all.add(line);
            }
        } catch (IOException e) {
            // the socket closed at the end of the test
        }
    }
}
