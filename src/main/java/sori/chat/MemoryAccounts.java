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
    public boolean setHash(String key, String hash, String scram) {
        return accounts.computeIfPresent(key, (k, a) -> new Account(a.key(), a.name(), hash, a.created(), a.language(), scram)) != null;
    }

    @Override
    public boolean setScram(String key, String hash, String scram) {
        boolean[] set = {false};
        accounts.computeIfPresent(key, (k, a) -> {
            if (!a.hash().equals(hash)) {
                return a;
            }
            set[0] = true;
            return new Account(a.key(), a.name(), a.hash(), a.created(), a.language(), scram);
        });
        return set[0];
    }

    @Override
    public boolean setLanguage(String key, String language) {
        return accounts.computeIfPresent(key, (k, a) -> new Account(a.key(), a.name(), a.hash(), a.created(), language, a.scram())) != null;
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
