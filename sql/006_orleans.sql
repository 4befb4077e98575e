-- 006_orleans: tables and stored queries for Orleans' ADO.NET providers (clustering, reminders,
-- grain storage; Orleans 10.4.2, invariant "Npgsql").
--
-- The providers carry no SQL of their own: at start-up each one reads `select QueryKey, QueryText
-- from OrleansQuery` (unquoted, so it lands on `orleansquery`) and runs the text stored under each
-- key it knows, with its own @parameters, reading result columns by name. This file is our own
-- PostgreSQL for that contract (keys, parameters, result columns taken from the 10.4.2 provider
-- code), not Orleans' sample scripts: every table has a real key, writes are single statements
-- (CTEs, `insert … on conflict`), no plpgsql. Result columns are aliased to the names the
-- providers read. Timestamps are timestamptz: Npgsql sends the providers' UTC DateTime values
-- (DbType.DateTime) as timestamptz, so no session time zone ever shifts them.
--
-- Membership: `orleans_membership_version` holds one row per cluster (DeploymentId = ClusterId)
-- whose `version` is the table's etag. InsertMembershipKey / UpdateMembershipKey lock that row only
-- if it still carries the caller's @Version, change the silo's row, and bump the version only if
-- the silo's row changed, all in one statement; they answer one boolean row (false on a stale
-- version, a duplicate insert or a missing silo), which is what the provider reads. Reads return
-- the version row left-joined to the silo rows, so an empty cluster still answers its version.
-- CleanupDefunctSiloEntryKey (optional key, used by 10.4.2 when present) deletes a dead silo's
-- row only if it is still exactly the row the provider judged defunct.
-- Reminders: keyed by (service, grain, name); `version` is the reminder's etag. A silo reads the
-- reminders of its ring range (@BeginHash, @EndHash] over the signed 32-bit grain hash: key
-- ReadRangeRows1Key when begin < end, ReadRangeRows2Key (the range wraps) otherwise.
-- Grain storage: one row per (service, state name, grain key); `version` is the state's etag and
-- every write is a compare-and-set on it, so a stale etag gets no row back and the provider raises
-- InconsistentStateException. The providers pass no grain type (@GrainTypeString is the state
-- name, the grain id is reduced to its key: Orleans issue #8746), so two grain types that share a
-- key and a state name share a row: give each grain type's persistent state its own name.

-- The queries the providers read at start-up, by key.
create table orleansquery (
    querykey  text primary key,
    querytext text not null
);

-- Membership (clustering).

create table orleans_membership_version (
    deployment_id text        primary key,
    version       int         not null default 0,
    updated_at    timestamptz not null default now()
);

create table orleans_membership (
    deployment_id   text        not null references orleans_membership_version (deployment_id) on delete cascade,
    address         text        not null,
    port            int         not null,
    generation      int         not null,
    silo_name       text        not null,
    host_name       text        not null,
    status          int         not null,
    proxy_port      int         not null,
    suspect_times   text,
    start_time      timestamptz not null,
    i_am_alive_time timestamptz not null,
    primary key (deployment_id, address, port, generation)
);

-- Reminders.

create table orleans_reminders (
    service_id    text        not null,
    grain_id      text        not null,
    reminder_name text        not null,
    start_time    timestamptz not null,
    period        bigint      not null, -- milliseconds
    grain_hash    int         not null, -- GrainId.GetUniformHashCode() as a signed int
    version       int         not null,
    primary key (service_id, grain_id, reminder_name)
);

create index orleans_reminders_ring on orleans_reminders (service_id, grain_hash);

-- Grain storage. A grain key is (n0, n1, extension): a Guid key is its two halves, an integer key
-- is n1, a string key is the extension alone. `grain_id_extension_key` keeps "no extension" (null)
-- apart from an empty one ('') inside the primary key.

create table orleans_grain_state (
    service_id             text        not null,
    state_name             text        not null,
    grain_id_n0            bigint      not null,
    grain_id_n1            bigint      not null,
    grain_id_extension     text,
    grain_id_extension_key text        not null generated always as (coalesce('+' || grain_id_extension, '')) stored,
    payload_binary         bytea,
    version                int         not null,
    updated_at             timestamptz not null default now(),
    primary key (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension_key)
);

insert into orleansquery (querykey, querytext) values

-- Clustering: Orleans.Clustering.AdoNet.

-- Creates the cluster's version row if missing; one boolean row: was it created.
('InsertMembershipVersionKey', $q$
with created as (
    insert into orleans_membership_version (deployment_id)
    values (@DeploymentId)
    on conflict (deployment_id) do nothing
    returning 1)
select count(*) > 0 from created
$q$),

-- Adds a silo if @Version is still the cluster's version; one boolean row.
('InsertMembershipKey', $q$
with current_version as (
    select deployment_id
    from orleans_membership_version
    where deployment_id = @DeploymentId and version = @Version
    for update),
inserted as (
    insert into orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
         start_time, i_am_alive_time)
    select deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
           @StartTime, @IAmAliveTime
    from current_version
    on conflict (deployment_id, address, port, generation) do nothing
    returning 1),
bumped as (
    update orleans_membership_version
    set version = version + 1, updated_at = now()
    where deployment_id = @DeploymentId and exists (select 1 from inserted)
    returning 1)
select exists (select 1 from bumped)
$q$),

-- Changes a silo's status, suspicions and liveness if @Version is still the cluster's version;
-- one boolean row.
('UpdateMembershipKey', $q$
with current_version as (
    select deployment_id
    from orleans_membership_version
    where deployment_id = @DeploymentId and version = @Version
    for update),
updated as (
    update orleans_membership m
    set status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
    from current_version v
    where m.deployment_id = v.deployment_id
      and m.address = @Address and m.port = @Port and m.generation = @Generation
    returning 1),
bumped as (
    update orleans_membership_version
    set version = version + 1, updated_at = now()
    where deployment_id = @DeploymentId and exists (select 1 from updated)
    returning 1)
select exists (select 1 from bumped)
$q$),

-- Heartbeat: not a membership change, so the version stays.
('UpdateIAmAlivetimeKey', $q$
update orleans_membership
set i_am_alive_time = @IAmAliveTime
where deployment_id = @DeploymentId and address = @Address and port = @Port and generation = @Generation
$q$),

-- The cluster's version and one silo (its columns null when the silo has no row).
('MembershipReadRowKey', $q$
select v.version as "Version", m.address as "Address", m.port as "Port", m.generation as "Generation",
       m.silo_name as "SiloName", m.host_name as "HostName", m.status as "Status",
       m.proxy_port as "ProxyPort", m.suspect_times as "SuspectTimes", m.start_time as "StartTime",
       m.i_am_alive_time as "IAmAliveTime"
from orleans_membership_version v
left join orleans_membership m
       on m.deployment_id = v.deployment_id
      and m.address = @Address and m.port = @Port and m.generation = @Generation
where v.deployment_id = @DeploymentId
$q$),

-- The cluster's version and all its silos.
('MembershipReadAllKey', $q$
select v.version as "Version", m.address as "Address", m.port as "Port", m.generation as "Generation",
       m.silo_name as "SiloName", m.host_name as "HostName", m.status as "Status",
       m.proxy_port as "ProxyPort", m.suspect_times as "SuspectTimes", m.start_time as "StartTime",
       m.i_am_alive_time as "IAmAliveTime"
from orleans_membership_version v
left join orleans_membership m on m.deployment_id = v.deployment_id
where v.deployment_id = @DeploymentId
$q$),

-- Gateways for clients: silos in @Status (Active) that listen for clients.
('GatewaysQueryKey', $q$
select address as "Address", proxy_port as "ProxyPort", generation as "Generation"
from orleans_membership
where deployment_id = @DeploymentId and status = @Status and proxy_port > 0
$q$),

-- Removes the whole cluster (its silos go with the version row).
('DeleteMembershipTableEntriesKey', $q$
delete from orleans_membership_version where deployment_id = @DeploymentId
$q$),

-- Fallback cleanup (used only without CleanupDefunctSiloEntryKey): dead silos silent since before
-- @IAmAliveTime.
('CleanupDefunctSiloEntriesKey', $q$
delete from orleans_membership
where deployment_id = @DeploymentId and status = 6 -- SiloStatus.Dead
  and start_time < @IAmAliveTime and i_am_alive_time < @IAmAliveTime
$q$),

-- Deletes one dead silo's row, only if it is unchanged since the provider read it and judged it
-- defunct (status, start, last heartbeat, suspicions).
('CleanupDefunctSiloEntryKey', $q$
delete from orleans_membership
where deployment_id = @DeploymentId and address = @Address and port = @Port and generation = @Generation
  and status = 6 -- SiloStatus.Dead
  and start_time = @StartTime and i_am_alive_time = @IAmAliveTime
  and coalesce(suspect_times, '') = coalesce(@SuspectTimes, '')
$q$),

-- Reminders: Orleans.Reminders.AdoNet.

-- Inserts or replaces a reminder; answers its new etag.
('UpsertReminderRowKey', $q$
insert into orleans_reminders as r
    (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
values (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
on conflict (service_id, grain_id, reminder_name) do update
set start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash,
    version = r.version + 1
returning r.version as "Version"
$q$),

('ReadReminderRowsKey', $q$
select grain_id as "GrainId", reminder_name as "ReminderName", start_time as "StartTime",
       period as "Period", version as "Version"
from orleans_reminders
where service_id = @ServiceId and grain_id = @GrainId
$q$),

('ReadReminderRowKey', $q$
select grain_id as "GrainId", reminder_name as "ReminderName", start_time as "StartTime",
       period as "Period", version as "Version"
from orleans_reminders
where service_id = @ServiceId and grain_id = @GrainId and reminder_name = @ReminderName
$q$),

-- Ring range (@BeginHash, @EndHash] when (int)begin < (int)end.
('ReadRangeRows1Key', $q$
select grain_id as "GrainId", reminder_name as "ReminderName", start_time as "StartTime",
       period as "Period", version as "Version"
from orleans_reminders
where service_id = @ServiceId and grain_hash > @BeginHash and grain_hash <= @EndHash
$q$),

-- Ring range that wraps past the top of the hash space (begin >= end; begin = end is the whole ring).
('ReadRangeRows2Key', $q$
select grain_id as "GrainId", reminder_name as "ReminderName", start_time as "StartTime",
       period as "Period", version as "Version"
from orleans_reminders
where service_id = @ServiceId and (grain_hash > @BeginHash or grain_hash <= @EndHash)
$q$),

-- Deletes a reminder if @Version is still its etag; one boolean row.
('DeleteReminderRowKey', $q$
with deleted as (
    delete from orleans_reminders
    where service_id = @ServiceId and grain_id = @GrainId and reminder_name = @ReminderName
      and version = @Version
    returning 1)
select count(*) > 0 from deleted
$q$),

('DeleteReminderRowsKey', $q$
delete from orleans_reminders where service_id = @ServiceId
$q$),

-- Grain storage: Orleans.Persistence.AdoNet. @GrainStateVersion is the caller's etag (null when it
-- has never seen a row); @GrainIdHash and @GrainTypeHash are not needed with a real key.

('ReadFromStorageKey', $q$
select payload_binary as "PayloadBinary", version as "Version"
from orleans_grain_state
where service_id = @ServiceId and state_name = @GrainTypeString
  and grain_id_n0 = @GrainIdN0 and grain_id_n1 = @GrainIdN1
  and grain_id_extension_key = coalesce('+' || @GrainIdExtensionString::text, '')
$q$),

-- Creates the row (no etag) or replaces it (etag still current); answers the new etag, or no row
-- when the etag is stale or a row appeared meanwhile.
('WriteToStorageKey', $q$
with inserted as (
    insert into orleans_grain_state
        (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension, payload_binary, version)
    select @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString::text,
           @PayloadBinary, 1
    where @GrainStateVersion::int is null
    on conflict (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension_key) do nothing
    returning version),
updated as (
    update orleans_grain_state
    set payload_binary = @PayloadBinary, version = version + 1, updated_at = now()
    where service_id = @ServiceId and state_name = @GrainTypeString
      and grain_id_n0 = @GrainIdN0 and grain_id_n1 = @GrainIdN1
      and grain_id_extension_key = coalesce('+' || @GrainIdExtensionString::text, '')
      and version = @GrainStateVersion::int
    returning version)
select version as "NewGrainStateVersion" from inserted
union all
select version from updated
$q$),

-- ClearStateAsync: empties the state, keeps the row and its etag sequence; no row on a stale etag.
('ClearStorageKey', $q$
update orleans_grain_state
set payload_binary = null, version = version + 1, updated_at = now()
where service_id = @ServiceId and state_name = @GrainTypeString
  and grain_id_n0 = @GrainIdN0 and grain_id_n1 = @GrainIdN1
  and grain_id_extension_key = coalesce('+' || @GrainIdExtensionString::text, '')
  and version = @GrainStateVersion::int
returning version
$q$),

-- ClearStateAsync with DeleteStateOnClear: deletes the row; answers version + 1 (the provider
-- only checks that it differs from the etag), no row on a stale etag.
('DeleteStorageKey', $q$
delete from orleans_grain_state
where service_id = @ServiceId and state_name = @GrainTypeString
  and grain_id_n0 = @GrainIdN0 and grain_id_n1 = @GrainIdN1
  and grain_id_extension_key = coalesce('+' || @GrainIdExtensionString::text, '')
  and version = @GrainStateVersion::int
returning version + 1
$q$);
