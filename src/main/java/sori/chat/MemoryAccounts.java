package sori.chat;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Accounts for {@code --store memory} and tests: gone when the process ends. */
public final class MemoryAccounts implements Accounts {

    private final ConcurrentHashMap<String, Account> accounts = new ConcurrentHashMap<>();

    @Override
    public Optional<Account> find(String key) {
        return Optional.ofNullable(accounts.get(key));
    }

    @Override
    public boolean create(Account account) {
        return accounts.putIfAbsent(account.key(), account) == null;
    }

    @Override
    public boolean setHash(String key, String hash) {
        return accounts.computeIfPresent(key, (k, a) -> new Account(a.key(), a.name(), hash, a.created(), a.language())) != null;
    }

    @Override
    public boolean setLanguage(String key, String language) {
        return accounts.computeIfPresent(key, (k, a) -> new Account(a.key(), a.name(), a.hash(), a.created(), language)) != null;
    }

    @Override
    public boolean delete(String key) {
        return accounts.remove(key) != null;
    }

    @Override
    public List<Account> list() {
        return accounts.values().stream().sorted(Comparator.comparing(Account::key)).toList();
    }
}
