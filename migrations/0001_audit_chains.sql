-- One head row per audit hash chain (see src/server/platform/audit/hash.ts, AUDIT_CHAINS = 16).
INSERT INTO "audit_chains" ("chain", "seq", "head_hash")
SELECT g, 0, repeat('0', 64) FROM generate_series(0, 15) AS g
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- The trail is append-only for the application; the hash chain catches anyone who bypasses this.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON "audit_log"
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
