package sori.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sori.UserFacingException;
import sori.chat.Accounts;
import sori.chat.SessionTokens;
import sori.chat.Names;
import sori.chat.Passwords;
import sori.chat.Scram;
import sori.store.Store;
import sori.store.StoreException;
import sori.store.StoreOptions;
import sori.store.Stores;

/**
 * {@code sori accounts}: make, list, reset and delete accounts in a store, while its server runs or not. It
 * takes no lock: SQLite's WAL and busy timeout let it write beside a running server, which sees a new
 * account within {@code Logins.REFRESH_MILLIS} (5 s).
 */
@Command(name = "accounts", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Manage accounts in the store, beside a running server or not.", ""},
        subcommands = {AccountsCommand.Create.class, AccountsCommand.ListAccounts.class,
            AccountsCommand.ResetPassword.class, AccountsCommand.Delete.class},
        footer = {"", "Examples:", "  echo 'correct horse' | sori accounts create mina",
            "  sori accounts list --store postgresql://sori@db:5432/sori"})
public final class AccountsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "say what to do: create, list, reset-password or delete");
    }

    /** What every subcommand shares: the store flags, and opening the store's accounts. */
    abstract static class Action implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DataDirMixin dataDir;

        @Mixin
        StoreMixin store;

        /** The web's session tokens in the same store: a reset or a deletion ends the account's. */
        SessionTokens tokens;

        @Override
        public Integer call() {
            StoreOptions options;
            try {
                options = store.options(0);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            try (Store s = Stores.openForAdmin(options)) {
                tokens = s.sessionTokens();
                return run(s, out);
            } catch (StoreException e) {
                throw new UserFacingException(e.getMessage(), e);
            } finally {
                out.flush();
            }
        }

        /** What the subcommand does with the store; most need only its accounts. */
        int run(Store store, PrintWriter out) {
            return run(store.accounts(), out);
        }

        abstract int run(Accounts accounts, PrintWriter out);

        /** What to add to the answer when web sign-ins were ended. */
        static String ended(int tokens) {
            return tokens == 0 ? "" : " (" + tokens + " web sign-in" + (tokens == 1 ? "" : "s") + " ended)";
        }

        /** The folded key of {@code name}, or a parameter error saying why the name is not valid. */
        String key(String name) {
            String n = Names.normalize(name);
            if (Names.problem(n) != null) {
                throw new ParameterException(spec.commandLine(), "'" + name + "' is not a valid name");
            }
            return Names.fold(n);
        }

        /**
         * A password from the terminal (not echoed) or the first line of stdin, checked for length unless
         * {@code anyLength}; never empty.
         */
        String password(boolean anyLength) {
            String p;
            Console console = System.console();
            if (terminal(console)) {
                char[] c = console.readPassword("Password: ");
                p = c == null ? null : new String(c);
            } else {
                try {
                    p = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                } catch (IOException e) {
                    throw new UserFacingException("cannot read the password from stdin: " + e.getMessage(), e);
                }
            }
            if (p == null || p.isEmpty() || !anyLength && p.codePointCount(0, p.length()) < Passwords.MIN_LENGTH) {
                throw new UserFacingException("the password (one line on stdin) needs at least "
                        + Passwords.MIN_LENGTH + " characters");
            }
            return p;
        }
    }

    /**
     * True when {@code console} is an interactive terminal: on JDK 21 {@link System#console} is null otherwise;
     * from JDK 22 it may not be, and {@code isTerminal} says.
     */
    static boolean terminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Make an account; the password is read from stdin.")
    static final class Create extends Action {
        @Parameters(paramLabel = "NAME", description = "The account's name.")
        String name;

        @Option(names = "--any-length", description = "Take a password shorter than 8 characters (tests, accounts brought from elsewhere).")
        boolean anyLength;

        @Override
        int run(Accounts accounts, PrintWriter out) {
            String key = key(name);
            String password = password(anyLength);
            if (!accounts.create(new Accounts.Account(key, Names.normalize(name), Passwords.hash(password),
                    System.currentTimeMillis(), null, Scram.credentials(password)))) {
                throw new UserFacingException("an account " + name + " already exists");
            }
            out.println("created " + Names.normalize(name));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts: name and when made (UTC).")
    static final class ListAccounts extends Action {
        @Override
        int run(Accounts accounts, PrintWriter out) {
            for (Accounts.Account a : accounts.list()) {
                out.println(a.name() + "\t" + Instant.ofEpochMilli(a.created()));
            }
            return 0;
        }
    }

    @Command(name = "reset-password", mixinStandardHelpOptions = true,
            description = "Give an account a new password, read from stdin.")
    static final class ResetPassword extends Action {
        @Parameters(paramLabel = "NAME", description = "The account's name.")
        String name;

        @Option(names = "--any-length", description = "Take a password shorter than 8 characters.")
        boolean anyLength;

        @Override
        int run(Accounts accounts, PrintWriter out) {
            String key = key(name);
            if (accounts.find(key).isEmpty()) {
                throw new UserFacingException("no account " + name);
            }
            String password = password(anyLength);
            accounts.setHash(key, Passwords.hash(password), Scram.credentials(password));
            out.println("password reset for " + name + ended(tokens.deleteAccount(key)));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an account; its name is free again.")
    static final class Delete extends Action {
        @Parameters(paramLabel = "NAME", description = "The account's name.")
        String name;

        @Override
        int run(Store store, PrintWriter out) {
            String key = key(name);
            if (!store.accounts().delete(key)) {
                throw new UserFacingException("no account " + name);
            }
            // Its roles and foundings too: whoever registers the name next must not inherit its rooms.
            store.moderation().forgetAccount(key);
            out.println("deleted " + name + ended(tokens.deleteAccount(key)));
            return 0;
        }

        @Override
        int run(Accounts accounts, PrintWriter out) {
            throw new UnsupportedOperationException("delete works on the whole store");
        }
    }
}
