-- 011_insights_rows_inserted: a sync report says, per level, how many rows were inserted and how many updated.
--
-- An entity's refresh upserts its days and records its outcome in the same statement (the upsert
-- is a CTE that returns whether each row was new), so `rows_inserted` is exact even when a refresh
-- of the same run is stored twice; updated rows are `rows - rows_inserted`.

alter table sync_run_entities add column rows_inserted int not null default 0;
