package sori.testing;

import java.util.function.UnaryOperator;
import sori.chat.ChatConfig;
import sori.chat.Texts;
import sori.server.ChatServer;
import sori.server.ServerConfig;

/** Starts real servers on free loopback ports for tests. */
public final class TestServers {

    private TestServers() {}

    /** A chat server with defaults on a free port, changed by {@code tweak}. */
    public static ChatServer chat(UnaryOperator<ServerConfig> tweak) {
        ServerConfig c = tweak.apply(ServerConfig.defaults(0));
        return new ChatServer(c).start();
    }

    public static ChatServer chat() {
        return chat(c -> c);
    }

    /**
     * Flood control off, as {@code bench/run-all} runs: for tests that blast lines on purpose. Every
     * other limit stays at its default; the defaults themselves are tested in {@code sori.net}.
     */
    public static ServerConfig noFlood(ServerConfig c) {
        return c.withLimits(c.limits().withFlood(0, 0));
    }

    /** A chat server speaking the seed's Korean. */
    public static ChatServer korean() {
        return chat(c -> c.withChat(new ChatConfig(Texts.forLanguage("ko"), ChatConfig.FIRST_ROOM,
                ChatConfig.HISTORY_SIZE, ChatConfig.REPLAY_ON_JOIN, ChatConfig.MAX_LINE_BYTES)));
    }
}
