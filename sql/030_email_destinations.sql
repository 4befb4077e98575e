-- 030_email_destinations: notifications by email through the operator's SMTP relay, and destinations paused after
-- failing for days (issue 21).
--
-- An email destination keeps its recipients in `url` as one mailto: URI (RFC 6068), so it reads and delivers like the
-- other kinds. An attempt the relay refused for good (an SMTP 5xx, such as an unknown mailbox) is logged `refused`, not
-- `failed`: retrying will not help until a person fixes the address or the relay, and the log must say so.
alter table notification_destinations drop constraint notification_destinations_kind_check;
alter table notification_destinations add constraint notification_destinations_kind_check
    check (kind in ('webhook', 'slack', 'email'));

alter table notification_deliveries drop constraint notification_deliveries_outcome_check;
alter table notification_deliveries add constraint notification_deliveries_outcome_check
    check (outcome in ('delivered', 'failed', 'refused'));

-- A destination failing without a break for `Silo:Notifications:DisableAfter` (3 days by default) is paused, as webhook
-- providers disable an endpoint that keeps failing: `failing_since` is its first failed attempt since the last delivery,
-- `paused_at` when it was paused (an alert is raised with it). A paused destination tries nothing until a manager resumes
-- it; its cursor stays, so resuming delivers what waited, in order.
alter table notification_destinations add column failing_since timestamptz;
alter table notification_destinations add column paused_at timestamptz;
