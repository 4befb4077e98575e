-- 030_email_destinations: notifications by email through the operator's SMTP relay (issue 21).
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
