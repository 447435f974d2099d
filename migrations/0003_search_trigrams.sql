-- Typo-tolerant search of units and schools: trigram matching on the accent-free search text.
-- pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it. PGlite loads it in client.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "org_units_search_trgm" ON "org_units" USING gin ("search_text" gin_trgm_ops);
