-- Room on every page for the updates the flow engine makes to rows it just wrote (an instance's state after each step,
-- a work item leased, then done): with free space on the same page PostgreSQL updates in place (HOT) when no indexed
-- column changes, instead of writing a new tuple elsewhere plus an entry in every index. Applies to pages filled from now on.
ALTER TABLE flow_instances SET (fillfactor = 80);
ALTER TABLE flow_work_items SET (fillfactor = 80);
