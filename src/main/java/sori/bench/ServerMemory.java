package sori.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import sori.UserFacingException;

/** Reads a process's resident memory (VmRSS in /proc/PID/status). */
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
}
