-- 0010_model_unseen_counts: drift counts gain quality slot -4, the rows of a categorical feature
-- whose category the serving model has no code for (new to the model), kept apart from -3, the
-- rows the profile does not keep (its "other" bin).

ALTER TABLE drift_counts DROP CONSTRAINT drift_counts_bin_check;
ALTER TABLE drift_counts ADD CONSTRAINT drift_counts_bin_check CHECK (bin >= -4);
