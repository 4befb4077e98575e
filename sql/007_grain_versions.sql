-- 007_grain_versions: Silo's own grain runtime gives way to Orleans (migration 006).
--
-- The runtime's tables go: its inbox, leases, fences, reminders and node heartbeats are now
-- Orleans' membership, reminders and grain calls. A grain whose state users query keeps it in its
-- module's tables, and the row's `version` is the grain's ETag: each write moves it on only from
-- the version the activation read, so a stale activation cannot overwrite newer state. Rows written
-- before this migration start at version 1, as if written once.

drop table if exists grain_inbox;
drop table if exists grain_reminders;
drop table if exists grains;
drop table if exists silo_nodes;

alter table posts add column version bigint not null default 1;
alter table publish_batches add column version bigint not null default 1;
