-- The balance check sums each touched entry's lines through the (entry_id, account_id) key, one
-- entry at a time: written as `entry_id IN (…)`, a planner without statistics (PGlite never
-- autovacuums) scanned every line of the ledger for each posting, which grew quadratically.
CREATE OR REPLACE FUNCTION ledger_lines_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad bigint;
BEGIN
  SELECT n.entry_id INTO bad
  FROM (SELECT DISTINCT entry_id FROM new_lines) n
  CROSS JOIN LATERAL (SELECT sum(l.amount) AS s FROM ledger_lines l WHERE l.entry_id = n.entry_id) t
  WHERE t.s <> 0
  LIMIT 1;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'ledger entry % does not balance', bad USING ERRCODE = 'P0001';
  END IF;
  RETURN NULL;
END;
$$;
