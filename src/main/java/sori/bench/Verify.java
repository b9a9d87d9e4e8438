package sori.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sori bench verify}: holds what every client of a recorded fan-out run received against the room's
 * events in the store, after a run in which Redis and nodes were killed ({@code bench/cluster-chaos}).
 *
 * <p>The store is the truth of what was accepted: a line the server refused is not in it, a line it took is,
 * once, at its place in the room's order. So:
 * <ol>
 *   <li>the store's sequence numbers have no gap, and no run line is stored twice;</li>
 *   <li>a client that stayed connected to the end received exactly the stored run lines, in the stored
 *       order, each once;</li>
 *   <li>a client whose node went away received a prefix of them: in order, each once, none skipped;</li>
 *   <li>every line a client received is in the store.</li>
 * </ol>
 * The store dump is one event a line, as {@code psql -At -F ' '} prints {@code SELECT seq, type, data FROM
 * room_events WHERE room_key = 'lobby' ORDER BY seq}; a run line is found in it by its marker.
 */
public final class Verify {
    private static final Pattern MARKER = Pattern.compile("~b(\\d+):(\\d+):(\\d+):");
    /** Problems printed per kind; the counts are always whole. */
    private static final int SHOWN = 5;

    private final PrintStream out;
    private int problems;

    private Verify(PrintStream out) {
        this.out = out;
    }

    /** Runs the check and prints its findings; 0 when everything holds, 1 when not, 2 when it cannot read. */
    public static int run(Path records, Path storeDump, PrintStream out) {
        Records.Read read;
        List<String> dump;
        try {
            read = Records.read(records);
            dump = Files.readAllLines(storeDump, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            out.println("verify: cannot read the records or the store dump: " + e.getMessage());
            return 2;
        }
        return new Verify(out).check(read, dump) ? 0 : 1;
    }

    private boolean check(Records.Read read, List<String> dump) {
        List<Long> stored = new ArrayList<>();
        Map<Long, Integer> at = new HashMap<>();
        long lastSeq = -1;
        int gaps = 0;
        int doubles = 0;
        int events = 0;
        for (String line : dump) {
            if (line.isBlank()) {
                continue;
            }
            int space = line.indexOf(' ');
            long seq;
            try {
                seq = Long.parseLong(space < 0 ? line.trim() : line.substring(0, space));
            } catch (NumberFormatException e) {
                problem("store", "not a store dump line: " + line);
                continue;
            }
            events++;
            if (lastSeq >= 0 && seq != lastSeq + 1) {
                gaps++;
                problems++;
                if (gaps <= SHOWN) {
                    show("store", "seq " + (lastSeq + 1) + " to " + (seq - 1) + " missing (after " + lastSeq + ")");
                }
            }
            lastSeq = seq;
            Matcher m = MARKER.matcher(line);
            if (m.find() && Integer.parseInt(m.group(1)) == read.run()) {
                long key = Records.pack(Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)));
                if (at.putIfAbsent(key, stored.size()) != null) {
                    doubles++;
                    problems++;
                    if (doubles <= SHOWN) {
                        show("store", "line " + name(key) + " stored twice (again at seq " + seq + ")");
                    }
                    continue;
                }
                stored.add(key);
            }
        }
        out.printf(Locale.ROOT, "store: %d events, %d lines of run %d, %d gaps, %d stored twice%n",
                events, stored.size(), read.run(), gaps, doubles);

        int whole = 0;
        int cut = 0;
        int refused = 0;
        for (Records.Client c : read.clients()) {
            refused += c.refused();
            if (checkClient(c, stored, at)) {
                if (c.closed()) {
                    cut++;
                } else {
                    whole++;
                }
            }
        }
        out.printf(Locale.ROOT, "clients: %d checked; %d connected to the end got every stored line in order, %d cut off"
                + " early got an unbroken prefix; %d lines refused with an error line%n",
                read.clients().size(), whole, cut, refused);
        out.println(problems == 0 ? "verify: OK" : "verify: FAILED, " + problems + " problems");
        return problems == 0;
    }

    /** True when the client's record holds; counts and prints what does not. */
    private boolean checkClient(Records.Client c, List<Long> stored, Map<Long, Integer> at) {
        int before = problems;
        Set<Long> seen = new HashSet<>();
        int expect = 0; // index in the stored order of the line this client should get next
        int shown = 0;
        for (long key : c.got()) {
            Integer i = at.get(key);
            String why = null;
            if (!seen.add(key)) {
                why = "got " + name(key) + " twice";
            } else if (i == null) {
                why = "got " + name(key) + ", which the store does not hold";
            } else if (i < expect) {
                why = "got " + name(key) + " out of order (stored before the line it got last)";
            } else if (i > expect) {
                why = "missed " + (i - expect) + " stored lines from " + name(stored.get(expect)) + " before "
                        + name(key);
                expect = i + 1;
            } else {
                expect = i + 1;
            }
            if (why != null) {
                problems++;
                if (shown++ < SHOWN) {
                    out.println("  " + c.name() + ": " + why);
                }
            }
        }
        if (!c.closed() && expect < stored.size()) {
            problems++;
            if (shown < SHOWN) {
                out.println("  " + c.name() + ": connected to the end but missed the last " + (stored.size() - expect)
                        + " stored lines, from " + name(stored.get(expect)));
            }
        }
        return problems == before;
    }

    private void problem(String where, String what) {
        problems++;
        show(where, what);
    }

    private void show(String where, String what) {
        out.println("  " + where + ": " + what);
    }

    private static String name(long key) {
        return "sender " + Records.sender(key) + " #" + Records.seq(key);
    }
}
