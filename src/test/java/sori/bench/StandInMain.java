package sori.bench;

/**
 * Runs a stand-in server by hand, for trying the generator before the real server lands:
 * {@code java -cp target/sori.jar:target/test-classes sori.bench.StandInMain chat|echo PORT}.
 */
final class StandInMain {
    private StandInMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        AutoCloseable server = args[0].equals("echo") ? new EchoStandIn(port, null)
                : new ChatStandIn(port, !args[0].equals("chat-quiet"), null);
        System.err.println(args[0] + " stand-in on port " + port + ", pid " + ProcessHandle.current().pid());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // exiting anyway
            }
        }));
        Thread.currentThread().join();
    }
}
