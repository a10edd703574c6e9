package org.tutela.app.syncclient;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A growing array kept for one sync round: push requests are written into two of them and sent
 * without a copy, and head office's answers are read into a third, each answer over the last. It
 * grows by half when full, not doubled as its parent class grows it: a request is written as its
 * entries are read, its length not known beforehand, and a doubled array would be up to twice the
 * request, twice over.
 */
final class RoundBuffer extends ByteArrayOutputStream {
    private static final int FIRST_BYTES = 64 * 1024;

    RoundBuffer() {
        super(0);
    }

    @Override
    public synchronized void write(int b) {
        room(1);
        super.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        room(len);
        super.write(b, off, len);
    }

    private void room(int more) {
        long needed = (long) count + more;
        if (needed > buf.length) {
            long grown = Math.max(needed, Math.max(FIRST_BYTES, buf.length + (long) buf.length / 2));
            buf = Arrays.copyOf(buf, (int) Math.min(grown, Integer.MAX_VALUE - 8));
        }
    }

    byte[] array() {
        return buf;
    }

    byte[] slice(int from, int to) {
        return Arrays.copyOfRange(buf, from, to);
    }
}
