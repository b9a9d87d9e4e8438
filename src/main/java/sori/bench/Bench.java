package sori.bench;

import java.io.PrintStream;
import java.util.List;

/** Entry points for the CLI: run a scenario, print its result (text or JSON), write the HTML report. */
public final class Bench {
    private Bench() {}

    public static int fanout(FanoutConfig cfg, PrintStream out) {
        return output(new FanoutRun(cfg).run(), cfg.common(), out);
    }

    public static int echo(EchoConfig cfg, PrintStream out) {
        return output(new EchoRun(cfg).run(), cfg.common(), out);
    }

    public static int idle(IdleConfig cfg, PrintStream out) {
        return output(new IdleRun(cfg, out).run(), cfg.common(), out);
    }

    public static int login(LoginConfig cfg, PrintStream out) {
        return output(new LoginRun(cfg).run(), cfg.common(), out);
    }

    static int output(BenchResult r, BenchConfig c, PrintStream out) {
        if (c.report() != null) {
            HtmlReport.write(r, c.report());
        }
        if (c.json()) {
            out.println(JsonReport.render(r));
        } else {
            out.print(TextReport.render(r));
            if (c.report() != null) {
                out.println("  report: " + c.report().toAbsolutePath());
            }
        }
        out.flush();
        List<String> problems = r.problems();
        if (!problems.isEmpty()) {
            // A run that measured nothing must not pass for a result: said on stderr too, and exit 1.
            System.err.println("sori: bench: NOT A RESULT: " + String.join("; ", problems));
            System.err.flush();
            return 1;
        }
        return 0;
    }
}
