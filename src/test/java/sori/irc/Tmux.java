package sori.irc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A terminal program in a tmux server of its own: a private socket ({@code tmux -S}) and a home directory
 * in {@code dir}, no user configuration ({@code -f /dev/null}). Keys go in with {@code send-keys}, the
 * screen comes out with {@code capture-pane}. Closing kills that server, and its process by PID if it
 * outlives the command.
 */
final class Tmux implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 100;

    private final Path socket;
    private final Path home;
    private Long serverPid;

    /** Starts {@code command} in a detached 200x60 session; {@code HOME} is {@code dir/home}. */
    Tmux(Path dir, List<String> command) throws IOException, InterruptedException {
        this.socket = dir.resolve("tmux.sock");
        this.home = Files.createDirectories(dir.resolve("home"));
        List<String> args = new ArrayList<>(List.of("new-session", "-d", "-s", "c", "-x", "200", "-y", "60", "--"));
        args.addAll(command);
        run(args);
        String pid = run(List.of("display-message", "-p", "#{pid}")).strip();
        serverPid = pid.matches("\\d+") ? Long.parseLong(pid) : null;
        run(List.of("set-option", "-g", "history-limit", "5000"));
    }

    Path home() {
        return home;
    }

    /** Types {@code text} and Enter. */
    void type(String text) throws IOException, InterruptedException {
        run(List.of("send-keys", "-t", "c", "-l", text));
        run(List.of("send-keys", "-t", "c", "Enter"));
    }

    /** The screen and its scroll-back, wrapped lines joined. */
    String screen() throws IOException, InterruptedException {
        return run(List.of("capture-pane", "-p", "-J", "-t", "c", "-S", "-5000"));
    }

    /** Waits until a line of the screen matches {@code regex} (anywhere in the line); returns that line. */
    String await(String regex) throws IOException, InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = screen();
            for (String line : last.split("\n")) {
                if (p.matcher(line).find()) {
                    return line;
                }
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new AssertionError("no line matching /" + regex + "/ on the screen within " + WAIT.toSeconds()
                + " s; the screen:\n" + last);
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("HOME", home.toString());
        env.put("TERM", "xterm-256color");
        env.put("LANG", "C.UTF-8");
        env.put("LC_ALL", "C.UTF-8");
        env.remove("TMUX");
        Process p = pb.start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("tmux " + args.get(0) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            run(List.of("kill-server"));
        } catch (IOException | InterruptedException e) {
            // The PID below still ends it.
        }
        if (serverPid != null) {
            ProcessHandle.of(serverPid).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
        }
    }
}
