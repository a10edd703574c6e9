package org.tutela.sync.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Statements over a list of ids ({@code … IN (?, ?, …)}), a slice of {@link #SLICE} at a time, so no
 * statement carries more parameters than a database takes: the push's reads of devices, caseloads
 * and records, head office's reads of its records and the safeguarding inbox's, the report tables.
 */
public final class IdLists {
    /** Ids a statement carries at most. */
    public static final int SLICE = 500;

    private IdLists() {
    }

    /** What is done with each row a query over a list of ids gives. */
    public interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code sql} over {@code ids} in slices, each row to {@code reader}; the one {@code %s} in
     * {@code sql} stands for the slice's placeholders, and its other parameters are none.
     */
    public static void eachRow(Connection c, String sql, Collection<String> ids, RowReader reader) throws SQLException {
        for (List<String> slice : slices(ids)) {
            try (PreparedStatement q = c.prepareStatement(sql.replace("%s", placeholders(slice.size())))) {
                bind(q, slice);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        reader.read(rs);
                    }
                }
            }
        }
    }

    /** The first column of every row {@code sql} gives over {@code ids} (see {@link #eachRow}). */
    public static Set<String> select(Connection c, String sql, Collection<String> ids) throws SQLException {
        Set<String> out = new HashSet<>();
        eachRow(c, sql, ids, rs -> out.add(rs.getString(1)));
        return out;
    }

    public static void delete(Connection c, String table, String column, Collection<String> ids) throws SQLException {
        for (List<String> slice : slices(ids)) {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM " + table + " WHERE " + column + " IN (" + placeholders(slice.size()) + ")")) {
                bind(d, slice);
                d.executeUpdate();
            }
        }
    }

    public static List<List<String>> slices(Collection<String> ids) {
        List<String> all = new ArrayList<>(ids);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += SLICE) {
            out.add(all.subList(i, Math.min(all.size(), i + SLICE)));
        }
        return out;
    }

    public static String placeholders(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    public static void bind(PreparedStatement q, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            q.setString(i + 1, values.get(i));
        }
    }
}
