-- 032_export_expiry: an export's archive is kept for a while after it ended, then deleted from the store.
--
-- `expired` is where every export ends: its parts (exports/{id}/…) deleted from the blob store, by the sweep
-- once Silo:Media:Export:KeepFor has passed since `finished_at`, or at once by a manager's DELETE (a
-- running export is stopped first). The row stays so the storage page can still say what was exported
-- and when it went; `expired_at` is when its parts were deleted.
alter table media_exports drop constraint media_exports_status_check;
alter table media_exports add constraint media_exports_status_check
    check (status in ('running', 'done', 'failed', 'cancelled', 'expired'));
alter table media_exports add column expired_at timestamptz;

-- The sweep's question: which ended exports have been kept long enough.
create index media_exports_ended on media_exports (finished_at) where status in ('done', 'failed', 'cancelled');
