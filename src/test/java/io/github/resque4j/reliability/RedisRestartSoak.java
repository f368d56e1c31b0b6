package io.github.resque4j.reliability;

/**
 * The restart test at soak size (not a test; run by hand):
 * {@code java -cp target/test-classes:target/classes:$(cat target/cp.txt) io.github.resque4j.reliability.RedisRestartSoak [jobs] [restarts] [rate/s] [rounds]}.
 * Prints a ledger per round and exits 1 if any round lost a job.
 */
public final class RedisRestartSoak {
    private RedisRestartSoak() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int restarts = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 800;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int lost = 0;
        for (int r = 1; r <= rounds; r++) {
            RestartScenario.Ledger l = new RestartScenario(jobs, restarts, rate, 4).run();
            System.out.println("round " + r + "\n" + l.print());
            lost += l.lost();
        }
        System.exit(lost == 0 ? 0 : 1);
    }
}
