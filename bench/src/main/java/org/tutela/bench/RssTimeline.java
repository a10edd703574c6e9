package org.tutela.bench;

import java.io.FileInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;

/**
 * Where in a laptop JVM's life its resident memory grows (with {@code -Dtutela.bench.rss-timeline=true}
 * in its options): every rise of a MiB or more, and the bench's marks (a change made, a round begun
 * or ended), on stderr as {@code rss-timeline <what> <ms since the JVM started> <MiB>|mark <label>}.
 * The peak a bench prints says how high; this says when, so it can be laid beside the JIT's or the
 * collector's log. Linux only ({@code /proc/self/statm}); elsewhere it prints nothing.
 */
final class RssTimeline {
    private static final boolean ON = Boolean.getBoolean("tutela.bench.rss-timeline");
    private static String what = "";

    private RssTimeline() {
    }

    /** Starts watching, every 2 ms, on a daemon thread; {@code name} says which laptop this is. */
    static void start(String name) {
        if (!ON) {
            return;
        }
        what = name;
        Thread watcher = new Thread(RssTimeline::watch, "rss-timeline");
        watcher.setDaemon(true);
        watcher.start();
    }

    static void mark(String label) {
        if (ON) {
            System.err.println("rss-timeline " + what + " " + uptime() + " mark " + label);
        }
    }

    private static void watch() {
        long printed = 0;
        byte[] statm = new byte[256];
        try {
            while (true) {
                long kib = residentKib(statm);
                if (kib < 0) {
                    return;
                }
                if (kib >= printed + 1024) {
                    printed = kib;
                    System.err.println("rss-timeline " + what + " " + uptime() + " " + kib / 1024);
                }
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The second field of statm (resident pages), parsed by hand: a regular expression here would be compiled into the JVM measured. */
    private static long residentKib(byte[] buffer) {
        int n;
        try (FileInputStream in = new FileInputStream("/proc/self/statm")) {
            n = in.read(buffer);
        } catch (IOException e) {
            return -1;
        }
        int i = 0;
        while (i < n && buffer[i] != ' ') {
            i++;
        }
        long pages = 0;
        for (i++; i < n && buffer[i] >= '0' && buffer[i] <= '9'; i++) {
            pages = pages * 10 + buffer[i] - '0';
        }
        return pages * 4; // 4 KiB pages
    }

    private static long uptime() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }
}
