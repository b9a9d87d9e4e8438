package sori.net;

/**
 * What one hostile client may cost everyone else, validated once and applied the same way by every
 * transport (through {@link Guards}). Defaults are the constants below; 0 turns a limit off where said.
 *
 * @param floodBurst      lines a connection may send at once before flood control paces it; 0 off
 * @param floodRate       lines a second a connection may send after its burst; 0 off
 * @param floodBacklog    bytes of paced lines that may wait for their turn before the sender is
 *                        disconnected for excess flood
 * @param maxClients      open connections in all, over every listener; 0 no limit
 * @param maxPerAddress   open connections from one address (an IPv6 /64 counts as one); 0 no limit
 * @param limitLoopback   whether loopback clients count against {@code maxPerAddress} (exempt by default)
 * @param registerSeconds a connection that has not chosen a name after this many seconds is closed; 0 never
 */
public record Limits(int floodBurst, int floodRate, int floodBacklog, int maxClients, int maxPerAddress,
        boolean limitLoopback, int registerSeconds) {

    /** Lines sent at once before pacing starts: enough to paste a short block. */
    public static final int FLOOD_BURST = 10;
    /** Lines a second after the burst: a fast typist, not a script. */
    public static final int FLOOD_RATE = 2;
    /** Waiting lines a sender may have before it is cut off: 8 KiB, one maximal line. */
    public static final int FLOOD_BACKLOG = 8192;
    /** Connections in all: well below the 20 000 open files a process may have here. */
    public static final int MAX_CLIENTS = 10_000;
    /** Connections per address, as IRC servers allow a household or an office behind one NAT. */
    public static final int MAX_PER_ADDRESS = 20;
    /** Time to choose a name: a person needs seconds, an idle scan holds a connection forever. */
    public static final int REGISTER_SECONDS = 60;

    public Limits {
        if (floodBurst < 0 || floodRate < 0) {
            throw new IllegalArgumentException("flood burst and rate must be 0 (off) or more, not "
                    + floodBurst + " and " + floodRate);
        }
        if (floodRate > 1_000_000 || floodBurst > 1_000_000) {
            throw new IllegalArgumentException("flood burst and rate must be at most 1000000");
        }
        if (floodBacklog < 1) {
            throw new IllegalArgumentException("flood backlog must be at least 1 byte, not " + floodBacklog);
        }
        if (maxClients < 0 || maxPerAddress < 0) {
            throw new IllegalArgumentException("connection limits must be 0 (none) or more, not "
                    + maxClients + " and " + maxPerAddress);
        }
        if (registerSeconds < 0 || registerSeconds > 86_400) {
            throw new IllegalArgumentException("register timeout must be 0-86400 s, not " + registerSeconds);
        }
    }

    /** Every default. */
    public static Limits defaults() {
        return new Limits(FLOOD_BURST, FLOOD_RATE, FLOOD_BACKLOG, MAX_CLIENTS, MAX_PER_ADDRESS, false,
                REGISTER_SECONDS);
    }

    /** True when lines are paced: both a burst and a rate are set. */
    public boolean floodControl() {
        return floodBurst > 0 && floodRate > 0;
    }

    public Limits withFlood(int burst, int rate) {
        return new Limits(burst, rate, floodBacklog, maxClients, maxPerAddress, limitLoopback, registerSeconds);
    }

    public Limits withConnections(int total, int perAddress, boolean loopbackToo) {
        return new Limits(floodBurst, floodRate, floodBacklog, total, perAddress, loopbackToo, registerSeconds);
    }

    public Limits withRegisterSeconds(int seconds) {
        return new Limits(floodBurst, floodRate, floodBacklog, maxClients, maxPerAddress, limitLoopback, seconds);
    }
}
