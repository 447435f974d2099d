CREATE TABLE "pec_cycles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pec_cycles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"school_year" text NOT NULL,
	"fiscal_year" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pec_cycles_school_year_unique" UNIQUE("school_year")
);
--> statement-breakpoint
CREATE TABLE "pec_deadline_extensions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pec_deadline_extensions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"cycle_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"deadline" text NOT NULL,
	"until" text NOT NULL,
	"reason" text NOT NULL,
	"granted_by" uuid,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pec_rules_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pec_rules_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"cycle_id" integer NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"document" jsonb NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pec_rules_versions_cycle_version" UNIQUE("cycle_id","version")
);
--> statement-breakpoint
CREATE TABLE "pec_state_adaptations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pec_state_adaptations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"cycle_id" integer NOT NULL,
	"state_unit_id" integer NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"document" jsonb NOT NULL,
	"federal_version" integer,
	"reason" text DEFAULT '' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pec_state_adaptations_version" UNIQUE("cycle_id","state_unit_id","version")
);
--> statement-breakpoint
ALTER TABLE "pec_deadline_extensions" ADD CONSTRAINT "pec_deadline_extensions_cycle_id_pec_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."pec_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_deadline_extensions" ADD CONSTRAINT "pec_deadline_extensions_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_rules_versions" ADD CONSTRAINT "pec_rules_versions_cycle_id_pec_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."pec_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_state_adaptations" ADD CONSTRAINT "pec_state_adaptations_cycle_id_pec_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."pec_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_state_adaptations" ADD CONSTRAINT "pec_state_adaptations_state_unit_id_org_units_id_fk" FOREIGN KEY ("state_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pec_deadline_extensions_lookup" ON "pec_deadline_extensions" USING btree ("cycle_id","deadline");--> statement-breakpoint
CREATE INDEX "pec_deadline_extensions_path" ON "pec_deadline_extensions" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
-- A published version of the rules or of a state adaptation is never edited: a correction is a new version with its reason.
CREATE FUNCTION pec_published_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION '% version % is published and immutable', TG_TABLE_NAME, OLD.version USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER pec_rules_versions_immutable BEFORE UPDATE OR DELETE ON pec_rules_versions FOR EACH ROW EXECUTE FUNCTION pec_published_immutable();--> statement-breakpoint
CREATE TRIGGER pec_state_adaptations_immutable BEFORE UPDATE OR DELETE ON pec_state_adaptations FOR EACH ROW EXECUTE FUNCTION pec_published_immutable();--> statement-breakpoint
-- At most one draft per cycle (and per state): the next version in the making.
CREATE UNIQUE INDEX pec_rules_one_draft ON pec_rules_versions (cycle_id) WHERE status = 'draft';--> statement-breakpoint
CREATE UNIQUE INDEX pec_adaptations_one_draft ON pec_state_adaptations (cycle_id, state_unit_id) WHERE status = 'draft';
