package sori.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import sori.UserFacingException;

/** Reads a process's resident memory (VmRSS in /proc/PID/status) and CPU time (/proc/PID/stat). */
final class ServerMemory {
    private ServerMemory() {}

    /** Resident bytes of process {@code pid}; fails with a one-line message when it cannot be read. */
    static long rssBytes(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
            throw new UserFacingException("no VmRSS in " + status + " (is " + pid + " a running process?)");
        } catch (IOException | NumberFormatException e) {
            throw new UserFacingException("cannot read the memory of process " + pid + " (" + status + "): "
                    + e.getMessage());
        }
    }

    /** Clock ticks a second for /proc/PID/stat's CPU times (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;

    /** User plus system CPU seconds process {@code pid} has used; fails with a one-line message. */
    static double cpuSeconds(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String s = Files.readString(stat);
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            throw new UserFacingException("cannot read the CPU time of process " + pid + " (" + stat + "): "
                    + e.getMessage());
        }
    }
}
