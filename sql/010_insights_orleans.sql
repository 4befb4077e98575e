-- 010_insights_orleans: the insights grains' state moves into their own rows, ETag-checked.
--
-- On Orleans an ad account grain keeps its state in its `ad_accounts` row and an ad entity grain
-- (campaign, ad set, ad) in its `ad_entities` row. `version` is the grain's ETag: every write of
-- the grain moves it on only from the version its activation read, in the same transaction as
-- everything else the write stores (the account's listing of entities; the entity's insight rows,
-- sync report rows and alert), so a stale activation writes nothing at all. Rows written before
-- this migration start at version 1; a listing row its grain has not written yet has version 0.
--
-- `connection` counts connects of an account: an entity grain that met code 190 marks the token
-- expired only for the connection it read, so a late write never stops a reconnected account.
-- `entities_told` / `schedule`: which entities the account grain has told, and with which
-- refresh schedule (it re-tells only changes). The entity columns hold its refresh in progress.

alter table ad_accounts
    add column version       bigint not null default 1,
    add column connection    bigint not null default 1,
    add column entities_told jsonb  not null default '{}',
    add column schedule      text;

alter table ad_entities
    add column version              bigint   not null default 1,
    add column refresh_period       interval,
    add column last_days_back       int      not null default 0,
    add column consecutive_failures int      not null default 0,
    add column pending              jsonb;
