-- API keys. A key is 32 random bytes shown once, when it is created; only its SHA-256 digest is
-- kept (a key has 256 bits of entropy, so a slow password hash would add nothing but latency).
-- The prefix, the key's first characters, lets a person tell keys apart in a list.
CREATE TABLE api_keys (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    prefix      text        NOT NULL,
    key_hash    bytea       NOT NULL UNIQUE CHECK (length(key_hash) = 32),
    scopes      text[]      NOT NULL CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['read', 'write', 'admin']),
    -- Per endpoint class, a limit replacing the service's default: {"query": "5/s", "*": "unlimited"}.
    rate_limits jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(rate_limits) = 'object'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

-- Secrets the instances of a service share, such as the key that signs short-lived stream tokens.
-- Created by the first instance that needs one (INSERT ... ON CONFLICT DO NOTHING, then read back).
CREATE TABLE shared_secrets (
    name       text        PRIMARY KEY,
    secret     bytea       NOT NULL CHECK (length(secret) >= 32),
    created_at timestamptz NOT NULL DEFAULT now()
);
