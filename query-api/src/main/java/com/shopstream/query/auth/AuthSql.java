package com.shopstream.query.auth;

/** The statements of API keys and of the secret stream tokens are signed with. */
final class AuthSql {

    private AuthSql() {
    }

    /** Keys after id {@code $1}, revoked ones too when {@code $2}, at most {@code $3}. */
    static final String LIST_API_KEYS = """
            SELECT id, name, prefix, scopes, rate_limits, created_at, revoked_at FROM api_keys
            WHERE id > $1 AND ($2 OR revoked_at IS NULL) ORDER BY id LIMIT $3""";

    /** Revokes key {@code $1}; a key revoked before keeps its first revocation time. No row: no such key. */
    static final String REVOKE_API_KEY = """
            UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING revoked_at""";

    static final String SHARED_SECRET = """
            WITH created AS (INSERT INTO shared_secrets (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING secret)
            SELECT secret FROM created UNION ALL SELECT secret FROM shared_secrets WHERE name = $1 LIMIT 1""";
}
