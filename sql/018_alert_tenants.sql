-- 018_alert_tenants: every alert has a tenant (issue 20, "alerts need a tenant").
--
-- A history walk's or a crawl's token alert is its tenant's; the store's alerts (unavailable, full) and the
-- archive error rate concern the whole cluster and belong to `*`. A tenant's key lists its own tenant's alerts
-- and the cluster's, and resolves only its own; a tenant-`*` key sees and resolves all.

alter table alerts add column tenant text not null default '*';

-- A walk's alert kind names its account, so the one open alert per kind still holds; the tenant is only who sees it.
update alerts a set tenant = b.tenant from backfills b where a.kind = 'backfill_token:' || b.source || ':' || b.account_id;
update alerts a set tenant = c.tenant from patreon_crawls c where a.kind = 'patreon_token:' || c.campaign_id;

create index alerts_tenant on alerts (tenant, created_at desc);
