package org.tutela.app.vault;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

/** The bytes a kept conflict's other version is encrypted as (a small fixed layout, version 1). */
final class ConflictCodec {
    private static final int VERSION = 1;

    private ConflictCodec() {
    }

    static byte[] encode(Conflict c) {
        StoredRecord o = c.other();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(o.body().length + 128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(c.kind());
            out.writeLong(o.revision());
            out.writeLong(EnvelopeStore.micros(o.createdAt()));
            out.writeLong(EnvelopeStore.micros(o.updatedAt()));
            out.writeBoolean(o.deleted());
            out.writeBoolean(o.sealed());
            out.writeLong(c.otherHead().revision());
            out.writeBoolean(c.otherHead().hash() != null);
            if (c.otherHead().hash() != null) {
                out.writeUTF(c.otherHead().hash());
            }
            out.writeInt(o.body().length);
            out.write(o.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static Conflict decode(UUID id, Conflict.Origin origin, Instant foundAt, byte[] plain) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            if (in.readByte() != VERSION) {
                throw new DamagedRecordException(id, null);
            }
            String kind = in.readUTF();
            long revision = in.readLong();
            Instant created = EnvelopeStore.instant(in.readLong());
            Instant updated = EnvelopeStore.instant(in.readLong());
            boolean deleted = in.readBoolean();
            boolean sealed = in.readBoolean();
            long headRevision = in.readLong();
            String hash = in.readBoolean() ? in.readUTF() : null;
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            return new Conflict(id, kind, origin, foundAt, new StoredRecord(id, kind, revision, created, updated, deleted, sealed, body),
                    new HeadVersion(headRevision, hash));
        } catch (IOException | RuntimeException e) {
            throw new DamagedRecordException(id, null);
        }
    }
}
