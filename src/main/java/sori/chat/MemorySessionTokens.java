package sori.chat;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Session tokens for {@code --store memory} and tests: gone when the process ends. */
public final class MemorySessionTokens implements SessionTokens {

    private final ConcurrentHashMap<String, Token> tokens = new ConcurrentHashMap<>();

    @Override
    public void add(Token token) {
        tokens.put(token.hash(), token);
    }

    @Override
    public Optional<Token> find(String hash) {
        return Optional.ofNullable(tokens.get(hash));
    }

    @Override
    public boolean delete(String hash) {
        return tokens.remove(hash) != null;
    }

    @Override
    public int deleteAccount(String account) {
        int[] n = {0};
        tokens.values().removeIf(t -> t.account().equals(account) && ++n[0] > 0);
        return n[0];
    }

    @Override
    public int sweep(long now) {
        int[] n = {0};
        tokens.values().removeIf(t -> t.expires() < now && ++n[0] > 0);
        return n[0];
    }

    @Override
    public int count(String account) {
        return (int) tokens.values().stream().filter(t -> t.account().equals(account)).count();
    }
}
