-- 012_grain_write_check: a grain's write checks its own version inside the database.
--
-- RelationalGrainStorage sends a grain's whole write as one batch (one round trip, an implicit
-- transaction) instead of a batch and then a COMMIT: a node that hangs mid-write can no longer sit
-- in an open transaction holding row locks that the node taking its grains over waits for. The
-- batch's first statement moves the grain's row on only from the version the activation read, and
-- reports how many rows it wrote through this function; anything but one row raises SQLSTATE SL409,
-- which rolls the whole batch back and which the storage turns into InconsistentStateException.

create function silo_expect_one_write(written bigint) returns bigint
language plpgsql immutable as $$
begin
    if written <> 1 then
        raise exception 'the grain''s row was written by another activation since this one read it'
            using errcode = 'SL409';
    end if;
    return written;
end;
$$;
