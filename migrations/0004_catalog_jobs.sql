CREATE TABLE "catalog_import_rows" (
	"import_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"cct" text NOT NULL,
	"name" text NOT NULL,
	"state" text NOT NULL,
	"sector" text NOT NULL,
	"zone" text NOT NULL,
	"municipality" text NOT NULL,
	"shift" text,
	"locality" text,
	"address" text,
	"postal_code" text,
	"level" text NOT NULL,
	"service" text NOT NULL,
	"multigrade" boolean NOT NULL,
	"funding" text,
	"setting" text,
	"marginalization" text,
	"enrolment" integer,
	"teachers" integer,
	"latitude" double precision,
	"longitude" double precision,
	"search_text" text NOT NULL,
	CONSTRAINT "catalog_import_rows_import_id_cct_pk" PRIMARY KEY("import_id","cct")
);
--> statement-breakpoint
-- Staged rows are scratch data (re-checking the file recreates them): no WAL for them.
ALTER TABLE "catalog_import_rows" SET UNLOGGED;
--> statement-breakpoint
CREATE TABLE "school_catalog_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "school_catalog_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"import_id" uuid,
	"change" text NOT NULL,
	"changes" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_words" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stored_file_chunks" (
	"file_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "stored_file_chunks_file_id_seq_pk" PRIMARY KEY("file_id","seq")
);
--> statement-breakpoint
CREATE TABLE "stored_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint DEFAULT 0 NOT NULL,
	"sha256" text,
	"completed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"payload" jsonb NOT NULL,
	"progress" jsonb,
	"result" jsonb,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "catalog_imports" ALTER COLUMN "counts" SET DEFAULT '{}'::jsonb;--> statement-breakpoint
ALTER TABLE "catalog_imports" ADD COLUMN "file_id" uuid;--> statement-breakpoint
ALTER TABLE "catalog_imports" ADD COLUMN "format" text DEFAULT 'csv' NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog_imports" ADD COLUMN "encoding" text;--> statement-breakpoint
ALTER TABLE "catalog_imports" ADD COLUMN "missing_columns" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog_imports" ADD COLUMN "ignored_columns" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog_imports" ADD COLUMN "allowed_states" jsonb;--> statement-breakpoint
ALTER TABLE "catalog_imports" ADD COLUMN "scope_path" text DEFAULT '/' NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog_imports" ADD COLUMN "error_code" text;--> statement-breakpoint
ALTER TABLE "catalog_imports" ADD COLUMN "error" text;--> statement-breakpoint
ALTER TABLE "catalog_imports" ADD COLUMN "job_id" uuid;--> statement-breakpoint
ALTER TABLE "catalog_imports" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog_imports" ADD COLUMN "applied_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "catalog_import_rows" ADD CONSTRAINT "catalog_import_rows_import_id_catalog_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."catalog_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_catalog_changes" ADD CONSTRAINT "school_catalog_changes_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_catalog_changes" ADD CONSTRAINT "school_catalog_changes_import_id_catalog_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."catalog_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_file_chunks" ADD CONSTRAINT "stored_file_chunks_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "school_catalog_changes_unit_idx" ON "school_catalog_changes" USING btree ("unit_id","id");--> statement-breakpoint
CREATE INDEX "school_catalog_changes_import_idx" ON "school_catalog_changes" USING btree ("import_id","id");--> statement-breakpoint
CREATE INDEX "search_words_trgm" ON "search_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "jobs_status_created_idx" ON "jobs" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "schools_locality_trgm" ON "schools" USING gin ("locality" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "org_units_school_cct" ON "org_units" USING btree ("code") WHERE kind = 'school';--> statement-breakpoint
CREATE INDEX "org_units_school_name" ON "org_units" USING btree ("name","id") WHERE kind = 'school';--> statement-breakpoint
CREATE INDEX "org_units_municipality_idx" ON "org_units" USING btree ("municipality_id");--> statement-breakpoint
-- The words of every search text (keys such as CCTs left out), for typo-tolerant search (see org/schema.ts searchWords). One set-based
-- insert per statement (transition table), so a 250,000-school import adds its words in one go.
CREATE OR REPLACE FUNCTION remember_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_words (word)
  SELECT DISTINCT w FROM new_rows, unnest(string_to_array(new_rows.search_text, ' ')) AS w
  WHERE length(w) >= 3 AND w !~ '[0-9]'
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER org_units_words_insert AFTER INSERT ON org_units REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION remember_search_words();
--> statement-breakpoint
CREATE TRIGGER org_units_words_update AFTER UPDATE ON org_units REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION remember_search_words();
--> statement-breakpoint
INSERT INTO search_words (word)
SELECT DISTINCT w FROM org_units, unnest(string_to_array(search_text, ' ')) AS w WHERE length(w) >= 3 AND w !~ '[0-9]'
ON CONFLICT DO NOTHING;
