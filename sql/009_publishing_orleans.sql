-- 009_publishing_orleans: the publish batch grain on Orleans keeps when its next step is due.
--
-- On Silo's old runtime each step of a batch was a one-shot reminder whose due time was stored with
-- it. On Orleans the steps run from a grain timer (in memory) with a periodic reminder as the crash
-- backstop, so the due time becomes part of the batch's state: an activation that takes a batch over
-- after a crash waits until then (a Retry-After, a lookup delay), not longer and not less. Null
-- when the batch is not processing, or its next step is due at once.

alter table publish_batches add column next_step_at timestamptz;
