package org.tutela.sync.server.reports;

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
 * Statements over a list of ids ({@code … IN (?, ?, …)}), a slice of {@link ReportProjector#CHUNK}
 * at a time, so no statement carries more parameters than a database takes.
 */
final class IdLists {
    private IdLists() {
    }

    /** What is done with each row a query over a list of ids gives. */
    interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Runs {@code sql} (with one {@code %s} for the placeholders) over {@code ids} in slices, each row to {@code reader}. */
    static void eachRow(Connection c, String sql, Collection<String> ids, RowReader reader) throws SQLException {
        for (List<String> slice : slices(ids)) {
            try (PreparedStatement q = c.prepareStatement(String.format(sql, placeholders(slice.size())))) {
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
    static Set<String> select(Connection c, String sql, Collection<String> ids) throws SQLException {
        Set<String> out = new HashSet<>();
        eachRow(c, sql, ids, rs -> out.add(rs.getString(1)));
        return out;
    }

    static void delete(Connection c, String table, String column, Collection<String> ids) throws SQLException {
        for (List<String> slice : slices(ids)) {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM " + table + " WHERE " + column + " IN (" + placeholders(slice.size()) + ")")) {
                bind(d, slice);
                d.executeUpdate();
            }
        }
    }

    static List<List<String>> slices(Collection<String> ids) {
        List<String> all = new ArrayList<>(ids);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += ReportProjector.CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + ReportProjector.CHUNK)));
        }
        return out;
    }

    static String placeholders(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    static void bind(PreparedStatement q, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            q.setString(i + 1, values.get(i));
        }
    }
}
