-- 033_notification_order: the outbox is read in the order of its writers' transactions, without a lock.
--
-- An identity is drawn at insert, not at commit, so a destination reading by id alone could step over an id whose
-- transaction commits later. Each event now carries its transaction's id (xid8, which never wraps), and a reader takes
-- only events of transactions older than every transaction still running (pg_snapshot_xmin): those can gain no more
-- events, so the order (tx, id) below that horizon is final. Writers no longer wait for one another (the
-- statement-level advisory lock this replaces made eventful transactions queue, and could deadlock two that also
-- locked each other's rows); the price is that a long-running writing transaction holds delivery back until it ends.
--
-- Rows already there take this migration's transaction id, as does every cursor, so what was delivered stays delivered
-- and what was not follows in id order.

drop trigger notification_events_in_commit_order on notification_events;
drop function notification_events_in_commit_order();

alter table notification_events add column tx xid8 not null default pg_current_xact_id();
alter table notification_destinations add column delivered_through_tx xid8 not null default pg_current_xact_id();
alter table notification_destinations alter column delivered_through_tx drop default;

create index notification_events_order on notification_events (tx, id);
