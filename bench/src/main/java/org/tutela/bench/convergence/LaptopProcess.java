package org.tutela.bench.convergence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tutela.app.syncclient.SyncException;
import org.tutela.app.syncclient.SyncProgress;

/**
 * A laptop in a JVM of its own, to be killed (SIGKILL) in the middle of its work: it opens its
 * vault, says {@code READY}, then changes records and syncs, over and over, writing every change
 * to its ledger file as it goes, until it is killed. It ends on its own when its parent goes (its
 * standard input closes) or after a minute, so none is ever left behind.
 *
 * <p>Arguments: vault file, ledger file, seed, laptop name, tutor, marker prefix, deletions (true/false).
 */
public final class LaptopProcess {
    private LaptopProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path vault = Path.of(args[0]);
        Path ledgerFile = Path.of(args[1]);
        Random rnd = new Random(Long.parseLong(args[2]));
        boolean deletions = Boolean.parseBoolean(args[6]);
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent writes nothing: EOF means it has gone
                }
            } catch (IOException ignored) {
                // gone
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
        Thread limit = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                // ends anyway
            }
            Runtime.getRuntime().halt(4);
        }, "time-limit");
        limit.setDaemon(true);
        limit.start();

        Laptop laptop = new Laptop(args[3], args[4], vault, Ledger.fileSink(ledgerFile), null, args[5]);
        laptop.open();
        System.out.println("READY");
        System.out.flush();
        while (true) {
            for (int i = rnd.nextInt(4); i > 0; i--) {
                laptop.act(rnd, deletions);
            }
            try {
                laptop.client().sync(SyncProgress.NONE, () -> false);
            } catch (SyncException e) {
                // offline and the like: the next round tries again
            }
            laptop.reload();
        }
    }

    /** Starts a laptop JVM on this one's class path. */
    static Process start(Path vault, Path ledgerFile, long seed, String name, String tutor, String markerPrefix, boolean deletions,
                         Path logDir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dtutela.logdir=" + logDir,
                "-cp", org.tutela.bench.PackagedJvm.classPath(), LaptopProcess.class.getName(), vault.toString(), ledgerFile.toString(), Long.toString(seed),
                name, tutor, markerPrefix, Boolean.toString(deletions)));
        return new ProcessBuilder(command).redirectError(logDir.resolve(name + "-stderr.txt").toFile()).start();
    }

    /**
     * Waits for the child to say it has its vault open. Its standard output (its log lines too) is
     * read to the end on a thread of its own, so the child never blocks writing it.
     */
    static boolean awaitReady(Process p, long timeoutMillis) throws Exception {
        java.util.concurrent.CompletableFuture<Boolean> ready = new java.util.concurrent.CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready.complete(true);
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
            ready.complete(false);
        }, "laptop-process-output");
        drain.setDaemon(true);
        drain.start();
        try {
            return ready.get(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }
}
