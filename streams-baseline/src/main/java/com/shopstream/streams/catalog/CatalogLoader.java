package com.shopstream.streams.catalog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the whole product catalog once, before processing starts. The aggregator looks categories
 * up per batch with a cache; reading them up front keeps the database out of the baseline's timing.
 */
public final class CatalogLoader {

    private static final int FETCH_SIZE = 10_000;

    private final String url;
    private final String user;
    private final String password;

    public CatalogLoader(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public Catalog load() throws SQLException {
        Map<Long, String> categories = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            // The driver streams rows with a fetch size only inside a transaction.
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (PreparedStatement statement = connection.prepareStatement(CatalogSql.PRODUCT_CATEGORIES)) {
                statement.setFetchSize(FETCH_SIZE);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        String name = rows.getString(2);
                        categories.put(rows.getLong(1), names.computeIfAbsent(name, n -> n));
                    }
                }
            }
            connection.rollback();
        }
        return new Catalog(categories);
    }
}
