-- 002_gateway: API keys for the gateway.
--
-- Only a SHA-256 of each key is stored: keys are 256-bit random secrets, so a fast hash is enough
-- and a lookup is one index probe. `prefix` (the first characters of the key) lets a person tell
-- keys apart in `silo keys list` without the secret ever being shown again.

create table api_keys (
    id          uuid        primary key,
    name        text        not null,
    tenant      text        not null,
    permissions text[]      not null,
    key_hash    bytea       not null unique,
    prefix      text        not null,
    created_at  timestamptz not null default now(),
    revoked_at  timestamptz
);

create unique index api_keys_active_name on api_keys (name) where revoked_at is null;
