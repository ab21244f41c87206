-- Progress observations of contracting processes: a project with many processes (an airport
-- with 292 contracts) has several physical-progress figures on the same day, one per process,
-- so the process becomes part of the key. '' marks a figure for the whole project, as in
-- transactions and documents.
UPDATE progress_observations SET process_id = '' WHERE process_id IS NULL;
ALTER TABLE progress_observations ALTER COLUMN process_id SET DEFAULT '';
ALTER TABLE progress_observations ALTER COLUMN process_id SET NOT NULL;
ALTER TABLE progress_observations DROP CONSTRAINT progress_observations_pkey;
ALTER TABLE progress_observations
  ADD PRIMARY KEY (project_id, process_id, kind, basis, observed_on);
