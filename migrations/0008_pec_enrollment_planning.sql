CREATE TABLE "pec_calls" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pec_calls_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"cycle_id" integer NOT NULL,
	"state_unit_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"text" text NOT NULL,
	"budget" bigint NOT NULL,
	"status" text NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pec_calls_cycle_state_kind" UNIQUE("cycle_id","state_unit_id","kind")
);
--> statement-breakpoint
CREATE TABLE "pec_participations" (
	"school_unit_id" integer NOT NULL,
	"school_year" text NOT NULL,
	CONSTRAINT "pec_participations_school_year" UNIQUE("school_unit_id","school_year")
);
--> statement-breakpoint
CREATE TABLE "pec_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cycle_id" integer NOT NULL,
	"call_id" integer NOT NULL,
	"school_unit_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"state_unit_id" integer NOT NULL,
	"status" text DEFAULT 'registered' NOT NULL,
	"prior_cycles" integer NOT NULL,
	"commitment" jsonb NOT NULL,
	"documents" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"eligible" boolean NOT NULL,
	"eligibility" jsonb NOT NULL,
	"score" integer NOT NULL,
	"score_breakdown" jsonb NOT NULL,
	"selection" text,
	"grant_cap" bigint,
	"registered_by" uuid,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pec_registrations_cycle_school" UNIQUE("cycle_id","school_unit_id")
);
--> statement-breakpoint
CREATE TABLE "pec_selections" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pec_selections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"cycle_id" integer NOT NULL,
	"state_unit_id" integer NOT NULL,
	"budget" bigint NOT NULL,
	"committed" bigint NOT NULL,
	"selected_count" integer NOT NULL,
	"minutes" text DEFAULT '' NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid,
	CONSTRAINT "pec_selections_cycle_state" UNIQUE("cycle_id","state_unit_id")
);
--> statement-breakpoint
CREATE TABLE "pec_action_progress" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pec_action_progress_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" uuid NOT NULL,
	"action_id" text NOT NULL,
	"status" text NOT NULL,
	"percent" integer NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"reported_by" uuid,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pec_plan_observations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pec_plan_observations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"path" text,
	"text" text NOT NULL,
	"by_user" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"answer" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "pec_plan_versions" (
	"plan_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"content" jsonb NOT NULL,
	"touched" jsonb NOT NULL,
	"amendment_reason" text,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pec_plan_versions_plan_id_revision_pk" PRIMARY KEY("plan_id","revision")
);
--> statement-breakpoint
CREATE TABLE "pec_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cycle_id" integer NOT NULL,
	"school_unit_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"item_id" uuid NOT NULL,
	"content" jsonb NOT NULL,
	"revs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"locked_at" timestamp with time zone,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pec_plans_cycle_school" UNIQUE("cycle_id","school_unit_id")
);
--> statement-breakpoint
CREATE TABLE "pec_reports" (
	"plan_id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"content" jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pec_calls" ADD CONSTRAINT "pec_calls_cycle_id_pec_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."pec_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_calls" ADD CONSTRAINT "pec_calls_state_unit_id_org_units_id_fk" FOREIGN KEY ("state_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_participations" ADD CONSTRAINT "pec_participations_school_unit_id_org_units_id_fk" FOREIGN KEY ("school_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_registrations" ADD CONSTRAINT "pec_registrations_cycle_id_pec_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."pec_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_registrations" ADD CONSTRAINT "pec_registrations_call_id_pec_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."pec_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_registrations" ADD CONSTRAINT "pec_registrations_school_unit_id_org_units_id_fk" FOREIGN KEY ("school_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_selections" ADD CONSTRAINT "pec_selections_cycle_id_pec_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."pec_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_selections" ADD CONSTRAINT "pec_selections_state_unit_id_org_units_id_fk" FOREIGN KEY ("state_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_action_progress" ADD CONSTRAINT "pec_action_progress_plan_id_pec_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."pec_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_plan_observations" ADD CONSTRAINT "pec_plan_observations_plan_id_pec_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."pec_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_plan_versions" ADD CONSTRAINT "pec_plan_versions_plan_id_pec_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."pec_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_plans" ADD CONSTRAINT "pec_plans_cycle_id_pec_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."pec_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_plans" ADD CONSTRAINT "pec_plans_school_unit_id_org_units_id_fk" FOREIGN KEY ("school_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_plans" ADD CONSTRAINT "pec_plans_item_id_workflow_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."workflow_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_reports" ADD CONSTRAINT "pec_reports_plan_id_pec_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."pec_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_reports" ADD CONSTRAINT "pec_reports_item_id_workflow_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."workflow_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pec_registrations_path" ON "pec_registrations" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "pec_registrations_state" ON "pec_registrations" USING btree ("cycle_id","state_unit_id","score");--> statement-breakpoint
CREATE INDEX "pec_action_progress_plan" ON "pec_action_progress" USING btree ("plan_id","action_id");--> statement-breakpoint
CREATE INDEX "pec_plan_observations_plan" ON "pec_plan_observations" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "pec_plans_path" ON "pec_plans" USING btree ("school_path" text_pattern_ops);