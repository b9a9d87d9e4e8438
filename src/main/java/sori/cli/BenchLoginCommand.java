package sori.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sori.bench.Bench;
import sori.bench.LoginConfig;

/** {@code sori bench login}: sign-ins per second of registered users, each a new connection. */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        header = "A storm of sign-ins by registered users: sign-ins per second and their latency.",
        description = {
            "First makes sure --users accounts exist (NAME-PREFIX0, NAME-PREFIX1 ...; the password of each is "
                    + "PASSWORD-PREFIX and its number), two at a time: each signs in, or registers with "
                    + "/register when it is not an account yet. Then --concurrency connections at a time sign in over and over: "
                    + "connect, send the name, answer the password prompt, wait for the welcome, /quit. No "
                    + "account is signed in on two connections at once.",
            "",
            "Reports sign-ins per second, latency from connecting to the welcome, and the attempts refused "
                    + "(wrong password, throttled, busy) or failed. Every sign-in costs the server one Argon2id "
                    + "verification on its two hashing threads: that is the ceiling. Plain lines only.",
            ""
        })
public final class BenchLoginCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    BenchOptions common;

    @Option(names = "--users", paramLabel = "N", defaultValue = "64",
            description = "Accounts to sign in with, at least --concurrency (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
            description = "Sign-ins in flight at once, 1..1000 (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--logins", paramLabel = "N", defaultValue = "0",
            description = "Stop after this many measured sign-ins, or at the end of --duration if that comes "
                    + "first; 0 = when --duration ends (default: ${DEFAULT-VALUE}).")
    long logins;

    @Option(names = "--name-prefix", paramLabel = "TEXT", defaultValue = LoginConfig.DEFAULT_NAME_PREFIX,
            description = "Account names are this and a number (default: ${DEFAULT-VALUE}).")
    String namePrefix;

    @Option(names = "--password-prefix", paramLabel = "TEXT", defaultValue = LoginConfig.DEFAULT_PASSWORD_PREFIX,
            description = "Passwords are this and the account's number; at least 8 characters, no spaces "
                    + "(default: ${DEFAULT-VALUE}).")
    String passwordPrefix;

    @Override
    public Integer call() {
        Integer no = common.unsupported(spec.commandLine(), false);
        if (no != null) {
            return no;
        }
        LoginConfig cfg;
        try {
            cfg = new LoginConfig(common.toConfig(true), users, concurrency, logins, namePrefix, passwordPrefix);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return Bench.login(cfg, System.out);
    }
}
