package org.tutela.bench.convergence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A TCP proxy between laptops and head office that breaks connections on purpose. Each laptop
 * has a listener of its own (its enrolment names the listener's port), so a fault is aimed at one
 * laptop. TLS passes through untouched (the laptop still checks head office's own certificate);
 * the proxy sees only bytes, and tells a request from its answer by the turn of the conversation:
 * bytes from the laptop after bytes from head office start a new request "burst".
 *
 * <p>A fault is armed on a listener to fire at the {@code at}-th burst from then on (counting the
 * TLS handshake's own bursts, so some faults land in a handshake) and fires once:
 * <ul>
 * <li>{@link Kind#RESET}: the connection is reset (TCP RST) before the burst is passed on;</li>
 * <li>{@link Kind#CUT_REQUEST}: only the first {@code bytes} of the request reach head office, then
 *     both sides are reset (had the whole request passed, its answer is dropped instead);</li>
 * <li>{@link Kind#CUT_RESPONSE}: the request passes, and only the first {@code bytes} of the answer
 *     reach the laptop;</li>
 * <li>{@link Kind#DROP_RESPONSE}: the request passes, head office applies it and starts to answer
 *     (it answers only after its transaction committed), and the laptop gets none of the answer.</li>
 * </ul>
 * A delay (milliseconds before each chunk is passed on, either way) can be set on its own.
 */
final class FaultProxy implements AutoCloseable {

    enum Kind { RESET, CUT_REQUEST, CUT_RESPONSE, DROP_RESPONSE }

    /** A fault to fire at the {@code at}-th burst (1 = the next), cutting after {@code bytes} where that applies. */
    record Fault(Kind kind, int at, int bytes) {
    }

    private final IntSupplier backendPort;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger fired = new AtomicInteger();
    private final java.util.Map<Kind, AtomicInteger> firedByKind = new java.util.EnumMap<>(Kind.class);
    {
        for (Kind k : Kind.values()) {
            firedByKind.put(k, new AtomicInteger());
        }
    }

    /** @param backendPort head office's port (it stays the same across restarts) */
    FaultProxy(IntSupplier backendPort) {
        this.backendPort = backendPort;
    }

    /** A new listener on a free local port, for one laptop. */
    Listener listen(String name) throws IOException {
        Listener l = new Listener(name);
        listeners.add(l);
        l.start();
        return l;
    }

    /** How many armed faults have fired so far. */
    int faultsFired() {
        return fired.get();
    }

    /** How many faults of a kind have fired so far. */
    int faultsFired(Kind kind) {
        return firedByKind.get(kind).get();
    }

    /** No faults and no delay anywhere from now on. */
    void heal() {
        for (Listener l : listeners) {
            l.disarm();
            l.delayMillis = 0;
        }
    }

    @Override
    public void close() {
        for (Listener l : listeners) {
            l.close();
        }
    }

    /** One laptop's entrance to head office. */
    final class Listener {
        private final String name;
        private final ServerSocket server;
        private final Set<Connection> open = ConcurrentHashMap.newKeySet();
        private Fault armed;
        private int burstsSinceArmed;
        volatile int delayMillis;
        private volatile boolean closed;

        Listener(String name) throws IOException {
            this.name = name;
            this.server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        }

        int port() {
            return server.getLocalPort();
        }

        synchronized void arm(Fault fault) {
            armed = fault;
            burstsSinceArmed = 0;
        }

        synchronized void disarm() {
            armed = null;
        }

        /** Whether an armed fault has not fired yet. */
        synchronized boolean armed() {
            return armed != null;
        }

        /** Called at each new burst from a laptop; returns the fault that fires now, if any. */
        private synchronized Fault burst() {
            if (armed == null) {
                return null;
            }
            if (++burstsSinceArmed < armed.at()) {
                return null;
            }
            Fault f = armed;
            armed = null;
            fired.incrementAndGet();
            firedByKind.get(f.kind()).incrementAndGet();
            return f;
        }

        private void start() {
            Thread t = new Thread(this::acceptLoop, "fault-proxy-" + name);
            t.setDaemon(true);
            t.start();
        }

        private void acceptLoop() {
            while (!closed) {
                Socket client;
                try {
                    client = server.accept();
                } catch (IOException e) {
                    return; // closed
                }
                Connection c = new Connection(this, client);
                open.add(c);
                c.start();
            }
        }

        void close() {
            closed = true;
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            for (Connection c : open) {
                c.reset();
            }
        }
    }

    /** One laptop connection and its twin to head office, pumped by two threads. */
    private final class Connection {
        private final Listener listener;
        private final Socket client;
        private Socket backend;
        /** 0 nothing yet, 1 last bytes came from the laptop, 2 last bytes came from head office. */
        private int lastFrom;
        /** The fault that fired on this connection, while it still has work to do. */
        private Fault active;
        private int allowance;
        /** The fault's byte allowance is spent: reset once these bytes are passed on. */
        private boolean cut;
        private volatile boolean done;

        Connection(Listener listener, Socket client) {
            this.listener = listener;
            this.client = client;
        }

        void start() {
            Thread t = new Thread(() -> {
                try {
                    backend = new Socket();
                    backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backendPort.getAsInt()), 2000);
                    backend.setTcpNoDelay(true);
                    client.setTcpNoDelay(true);
                } catch (IOException e) {
                    reset(); // head office is down: the laptop sees its connection refused or reset
                    return;
                }
                Thread back = new Thread(() -> pump(false), "fault-proxy-" + listener.name + "-answer");
                back.setDaemon(true);
                back.start();
                pump(true);
            }, "fault-proxy-" + listener.name + "-request");
            t.setDaemon(true);
            t.start();
        }

        private void pump(boolean fromLaptop) {
            byte[] buf = new byte[16 * 1024];
            try {
                InputStream in = (fromLaptop ? client : backend).getInputStream();
                OutputStream out = (fromLaptop ? backend : client).getOutputStream();
                while (!done) {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    int delay = listener.delayMillis;
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                    int pass = decide(fromLaptop, n);
                    if (pass > 0) {
                        out.write(buf, 0, pass);
                        out.flush();
                    }
                    if (pass < 0 || pass < n || cutNow()) {
                        reset();
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the other side went, or we reset it
            }
            close();
        }

        /**
         * How many of the {@code n} bytes just read to pass on; fewer than {@code n}, or {@link #cutNow()}
         * afterwards, means both sides are reset after them.
         */
        private synchronized int decide(boolean fromLaptop, int n) {
            if (fromLaptop && lastFrom != 1) {
                lastFrom = 1;
                Fault f = listener.burst();
                if (f != null && active == null) {
                    active = f;
                    allowance = Math.max(0, f.bytes());
                }
            } else if (!fromLaptop) {
                lastFrom = 2;
            }
            if (active == null) {
                return n;
            }
            switch (active.kind()) {
                case RESET -> {
                    return 0;
                }
                case CUT_REQUEST -> {
                    if (!fromLaptop) {
                        return 0; // the whole request passed before the cut: its answer is lost instead
                    }
                    int pass = Math.min(n, allowance);
                    allowance -= pass;
                    cut = allowance == 0;
                    return pass;
                }
                case DROP_RESPONSE -> {
                    return fromLaptop ? n : 0;
                }
                case CUT_RESPONSE -> {
                    if (fromLaptop) {
                        return n;
                    }
                    int pass = Math.min(n, allowance);
                    allowance -= pass;
                    cut = allowance == 0;
                    return pass;
                }
                default -> {
                    return n;
                }
            }
        }

        private synchronized boolean cutNow() {
            return cut;
        }

        /** Resets both sides at once (TCP RST where the socket allows). */
        void reset() {
            done = true;
            for (Socket s : new Socket[] {client, backend}) {
                if (s == null) {
                    continue;
                }
                try {
                    s.setSoLinger(true, 0);
                } catch (SocketException ignored) {
                    // already closed
                }
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            listener.open.remove(this);
        }

        private void close() {
            done = true;
            for (Socket s : new Socket[] {client, backend}) {
                if (s == null) {
                    continue;
                }
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            listener.open.remove(this);
        }
    }
}
