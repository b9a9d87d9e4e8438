package sori;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import sori.cli.BenchCommand;
import sori.cli.ClientCommand;
import sori.cli.EchoCommand;
import sori.cli.AccountsCommand;
import sori.cli.ExportCommand;
import sori.cli.HelpLayout;
import sori.cli.ServerCommand;
import sori.config.ConfigDefaults;

/** The {@code sori} command: a chat server and socket toolkit. */
@Command(
        name = "sori",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {"sori (소리): a chat server and socket toolkit.", ""},
        subcommands = {
            ServerCommand.class,
            EchoCommand.class,
            ClientCommand.class,
            BenchCommand.class,
            ExportCommand.class,
            AccountsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    /** The version the jar was built as, or "dev" when run from classes. */
    public static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // No subcommand: show what there is, and fail like any other wrong use.
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: try 'sori server'");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code: 0 ok, 1 failure, 2 wrong use. */
    public static int run(String... args) {
        CommandLine cl = commandLine();
        // Settings a subcommand did not get as flags: SORI_* variables, then its --config file.
        int bad = ConfigDefaults.install(cl, args, System.getenv());
        if (bad != 0) {
            return bad;
        }
        return cl.execute(args);
    }

    /** The whole command tree, with its help laid out and its failures handled as {@link #run} does. */
    public static CommandLine commandLine() {
        CommandLine cl = HelpLayout.apply(new CommandLine(new Main()));
        CommandLine.IParameterExceptionHandler usual = cl.getParameterExceptionHandler();
        cl.setParameterExceptionHandler((ex, rest) -> wrongUse(ex, rest, usual));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // One clear line for expected failures (bind, connect); a trace only for bugs.
            if (ex instanceof UserFacingException) {
                commandLine.getErr().println("sori: " + ex.getMessage());
                return 1;
            }
            throw ex;
        });
        return cl;
    }

    /**
     * A word that names no command gets one line listing the real ones, not the whole usage; any other
     * wrong use gets picocli's message and the usage, as before. Exit code 2 either way.
     */
    private static int wrongUse(CommandLine.ParameterException ex, String[] args,
            CommandLine.IParameterExceptionHandler usual) throws Exception {
        CommandLine cl = ex.getCommandLine();
        List<String> commands = HelpLayout.commands(cl);
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !commands.isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            cl.getErr().println("sori: unknown command '" + u.getUnmatched().get(0) + "' (try: "
                    + String.join(", ", commands) + ")");
            return cl.getCommandSpec().exitCodeOnInvalidInput();
        }
        return usual.handleParseException(ex, args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "sori " + version(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
            };
        }
    }
}
