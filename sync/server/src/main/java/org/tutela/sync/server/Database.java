package org.tutela.sync.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pool, the migrations and the transaction rules shared by both databases.
 *
 * <p>Writers that take server sequences are serialised: on PostgreSQL by the row lock on
 * {@code server_state} (held to commit), on SQLite by one fair in-process lock plus
 * {@code BEGIN IMMEDIATE}. Either way a transaction that takes sequence numbers commits before
 * the next one can take any, so a reader that first reads the committed {@code last_seq} and
 * then reads records up to it can never later see a lower sequence appear.
 */
public final class Database implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Database.class);
    private final HikariDataSource dataSource;
    private final boolean postgres;
    private final String description;
    private final ReentrantLock sqliteWriteLock = new ReentrantLock(true);

    private Database(HikariDataSource ds, boolean postgres, String description) {
        this.dataSource = ds;
        this.postgres = postgres;
        this.description = description;
    }

    public static Database open(ServerSettings settings) throws Exception {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("tutela-db");
        boolean pg = settings.usesPostgres();
        String description;
        if (pg) {
            String url = settings.get("db.url");
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("Setting db.url must be a jdbc:postgresql: URL (or empty for SQLite)");
            }
            hc.setJdbcUrl(url);
            if (!settings.get("db.user").isEmpty()) {
                hc.setUsername(settings.get("db.user"));
            }
            if (!settings.get("db.password").isEmpty()) {
                hc.setPassword(settings.get("db.password"));
            }
            hc.addDataSourceProperty("reWriteBatchedInserts", "true");
            hc.setMaximumPoolSize(Math.max(2, settings.intValue("db.pool-size")));
            description = "PostgreSQL";
        } else {
            Path dir = DataFolder.secure(settings.dataDir());
            Path file = dir.resolve("tutela-server.db").toAbsolutePath();
            // owner-only from the first byte; SQLite gives its -wal and -shm the database file's permissions
            DataFolder.createPrivateFileIfMissing(file);
            hc.setJdbcUrl("jdbc:sqlite:" + file);
            hc.addDataSourceProperty("journal_mode", "WAL");
            hc.addDataSourceProperty("synchronous", "FULL");
            hc.addDataSourceProperty("busy_timeout", "10000");
            hc.addDataSourceProperty("foreign_keys", "true");
            hc.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            // A payload replaced or deleted is overwritten with zeros, not left in free pages (a
            // tutorial sealed over its open draft, a deleted learner); see eraseReplacedContent.
            hc.addDataSourceProperty("secure_delete", "true");
            hc.setMaximumPoolSize(4);
            description = "SQLite " + file;
        }
        hc.setAutoCommit(true);
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            migrate(ds);
            Database db = new Database(ds, pg, description);
            db.ensureState();
            return db;
        } catch (Exception e) {
            ds.close();
            throw e;
        }
    }

    /**
     * The migrations both databases share ({@code db/migration}), then the few whose SQL must differ
     * ({@code db/postgresql}, {@code db/sqlite}: the triggers that keep the change log).
     */
    static void migrate(DataSource ds) throws SQLException {
        migrations(ds).load().migrate();
    }

    static org.flywaydb.core.api.configuration.FluentConfiguration migrations(DataSource ds) throws SQLException {
        String own;
        try (Connection c = ds.getConnection()) {
            own = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres") ? "postgresql" : "sqlite";
        }
        return Flyway.configure().dataSource(ds).locations("classpath:db/migration", "classpath:db/" + own);
    }

    private void ensureState() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT epoch FROM server_state WHERE id = 1");
             ResultSet rs = q.executeQuery()) {
            if (rs.next()) {
                return;
            }
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ins = c.prepareStatement("INSERT INTO server_state (id, epoch, last_seq) VALUES (1, ?, 0)")) {
            ins.setString(1, UUID.randomUUID().toString());
            ins.executeUpdate();
        } catch (SQLException raced) {
            // another instance created it first
        }
    }

    public boolean isPostgres() {
        return postgres;
    }

    public String description() {
        return description;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    @FunctionalInterface
    public interface TxWork<T> {
        T run(Connection c) throws Exception;
    }

    /** Runs {@code work} in one transaction; rolls back on any exception. */
    public <T> T inTransaction(TxWork<T> work) throws Exception {
        boolean locked = false;
        if (!postgres) {
            sqliteWriteLock.lock();
            locked = true;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (Exception e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken; Hikari discards it
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } finally {
            if (locked) {
                sqliteWriteLock.unlock();
            }
        }
    }

    /**
     * After a commit that replaced content for good (a record sealed or deleted): on SQLite, moves
     * the log into the file and truncates the log, whose earlier page images still hold the
     * replaced payload (the file's own copy was zeroed by secure_delete). PostgreSQL keeps no
     * earlier version in any table; its dead row versions are for its own vacuum.
     */
    public void eraseReplacedContent() {
        if (postgres) {
            return;
        }
        sqliteWriteLock.lock();
        try (Connection c = dataSource.getConnection();
             java.sql.Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            if (rs.next() && rs.getInt(1) != 0) {
                LOG.warn("The database log could not be emptied now (readers busy)");
            }
        } catch (SQLException e) {
            LOG.warn("The database log could not be emptied (SQLite error {})", e.getErrorCode());
        } finally {
            sqliteWriteLock.unlock();
        }
    }

    /**
     * The change log's entries after one sequence up to another, at most so many, in order (its three
     * parameters), as a table {@code c} of {@code (server_seq, record_id)} for a query to join to the
     * records ({@code JOIN records r ON r.record_id = c.record_id}); a reader that wants them all
     * gives the range's length. The limit keeps the log ordered before the join (a subquery with one
     * is planned on its own), so a query that takes the first records of the range looks up only
     * those: planned as one join, PostgreSQL sorted the whole range's records to take the first (its
     * statistics, older than the range, put a hundredth of it there), so each page of a pull, or
     * chunk of the reports, read every record left in the range.
     */
    public static final String CHANGES =
            "(SELECT server_seq, record_id FROM record_changes WHERE server_seq > ? AND server_seq <= ? ORDER BY server_seq LIMIT ?) c";

    /** {@code FOR UPDATE} where the database has it (SQLite's writers are serialised anyway). */
    public String forUpdate() {
        return postgres ? " FOR UPDATE" : "";
    }

    /**
     * Takes {@code count} consecutive server sequences inside the caller's transaction and
     * returns the first. On PostgreSQL this locks the counter row until commit.
     */
    public long allocateSequences(Connection c, int count) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE server_state SET last_seq = last_seq + ? WHERE id = 1 RETURNING last_seq")) {
            up.setLong(1, count);
            try (ResultSet rs = up.executeQuery()) {
                rs.next();
                return rs.getLong(1) - count + 1;
            }
        }
    }

    /** The sequence counter as read under its lock. */
    public record Counter(String epoch, long lastSequence) {
    }

    /**
     * Locks the sequence counter (on PostgreSQL until commit) without taking numbers, and returns
     * the epoch and the last sequence read under the lock.
     */
    public Counter lockSequences(Connection c) throws SQLException {
        try (PreparedStatement up = c.prepareStatement(
                "UPDATE server_state SET last_seq = last_seq WHERE id = 1 RETURNING epoch, last_seq");
             ResultSet rs = up.executeQuery()) {
            rs.next();
            return new Counter(rs.getString(1), rs.getLong(2));
        }
    }

    /** Sets the last sequence taken; only under the lock of {@link #lockSequences}. */
    public void setLastSequence(Connection c, long last) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE server_state SET last_seq = ? WHERE id = 1")) {
            up.setLong(1, last);
            up.executeUpdate();
        }
    }

    public long lastSequence(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT last_seq FROM server_state WHERE id = 1");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public String epoch() throws SQLException {
        try (Connection c = connection();
             PreparedStatement q = c.prepareStatement("SELECT epoch FROM server_state WHERE id = 1");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A new epoch: after a restore from backup, devices re-send and pull in full. */
    public String newEpoch() throws Exception {
        String epoch = UUID.randomUUID().toString();
        inTransaction(c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE server_state SET epoch = ? WHERE id = 1")) {
                up.setString(1, epoch);
                up.executeUpdate();
            }
            return null;
        });
        return epoch;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
