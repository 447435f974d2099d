CREATE TABLE "alliance_agenda_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alliance_agenda_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"meeting_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"title" text NOT NULL,
	"synthesis_id" uuid
);
--> statement-breakpoint
CREATE TABLE "alliance_attendance" (
	"meeting_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"side" text NOT NULL,
	"present" boolean,
	CONSTRAINT "alliance_attendance_meeting_id_user_id_pk" PRIMARY KEY("meeting_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "alliance_bodies" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alliance_bodies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"parent_id" integer,
	"path" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"acuerdo" text,
	"description" text DEFAULT '' NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alliance_bodies_parent_code" UNIQUE("parent_id","code")
);
--> statement-breakpoint
CREATE TABLE "alliance_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"synthesis_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"method" text NOT NULL,
	"sep_position" text NOT NULL,
	"snte_position" text NOT NULL,
	"reasons" text NOT NULL,
	"present" jsonb NOT NULL,
	"recorded_by" uuid,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alliance_deliverables" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alliance_deliverables_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"body_id" integer NOT NULL,
	"title" text NOT NULL,
	"due_on" text NOT NULL,
	"set_by" uuid,
	"document_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alliance_document_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alliance_document_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"document_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alliance_document_versions_number" UNIQUE("document_id","number")
);
--> statement-breakpoint
CREATE TABLE "alliance_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"body_id" integer NOT NULL,
	"kind" text NOT NULL,
	"deliverable_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alliance_follows" (
	"user_id" uuid NOT NULL,
	"body_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alliance_follows_user_id_body_id_pk" PRIMARY KEY("user_id","body_id")
);
--> statement-breakpoint
CREATE TABLE "alliance_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"body_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"link" text DEFAULT '' NOT NULL,
	"minutes" text DEFAULT '' NOT NULL,
	"convened_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alliance_metas" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alliance_metas_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"body_id" integer NOT NULL,
	"objective_id" integer,
	"title" text NOT NULL,
	"indicator" text,
	"unit" text,
	"baseline" double precision,
	"target" double precision,
	"due_on" text,
	"responsible" text,
	"normative_anchor" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"approved_at" timestamp with time zone,
	"approved_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alliance_objectives" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alliance_objectives_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"body_id" integer NOT NULL,
	"text" text NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alliance_observations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alliance_observations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"resolution_id" uuid NOT NULL,
	"body_id" integer NOT NULL,
	"text" text NOT NULL,
	"position" smallint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alliance_progress" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alliance_progress_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"meta_id" integer NOT NULL,
	"period" text NOT NULL,
	"value" double precision NOT NULL,
	"narrative" text DEFAULT '' NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"reported_by" uuid,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alliance_progress_meta_period" UNIQUE("meta_id","period")
);
--> statement-breakpoint
CREATE TABLE "alliance_resolutions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"number" text NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"decision_id" uuid NOT NULL,
	"synthesis_id" uuid NOT NULL,
	"body_id" integer NOT NULL,
	"title" text NOT NULL,
	"text" text NOT NULL,
	"published" boolean NOT NULL,
	"supersedes_id" uuid,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alliance_resolutions_number_unique" UNIQUE("number"),
	CONSTRAINT "alliance_resolutions_year_seq" UNIQUE("year","seq")
);
--> statement-breakpoint
CREATE TABLE "alliance_seats" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"body_id" integer NOT NULL,
	"user_id" uuid NOT NULL,
	"side" text NOT NULL,
	"position" text NOT NULL,
	"designated_on" text NOT NULL,
	"ends_on" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alliance_syntheses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"body_id" integer NOT NULL,
	"summary" text NOT NULL,
	"recommendations" text NOT NULL,
	"meeting_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alliance_synthesis_documents" (
	"synthesis_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"version_number" integer NOT NULL,
	CONSTRAINT "alliance_synthesis_documents_synthesis_id_document_id_pk" PRIMARY KEY("synthesis_id","document_id")
);
--> statement-breakpoint
CREATE TABLE "alliance_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"body_id" integer NOT NULL,
	"title" text NOT NULL,
	"responsible_id" uuid,
	"due_on" text NOT NULL,
	"source" text NOT NULL,
	"meeting_id" uuid,
	"observation_id" integer,
	"evidence" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "workflow_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"item_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"actor_id" uuid,
	"acting_as" text,
	"comment" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_events_item_seq" UNIQUE("item_id","seq")
);
--> statement-breakpoint
CREATE TABLE "workflow_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"state" text NOT NULL,
	"title" text NOT NULL,
	"scope_path" text NOT NULL,
	"awaiting" text,
	"due_on" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "alliance_agenda_items" ADD CONSTRAINT "alliance_agenda_items_meeting_id_alliance_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."alliance_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_attendance" ADD CONSTRAINT "alliance_attendance_meeting_id_alliance_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."alliance_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_attendance" ADD CONSTRAINT "alliance_attendance_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_decisions" ADD CONSTRAINT "alliance_decisions_synthesis_id_alliance_syntheses_id_fk" FOREIGN KEY ("synthesis_id") REFERENCES "public"."alliance_syntheses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_decisions" ADD CONSTRAINT "alliance_decisions_meeting_id_alliance_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."alliance_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_deliverables" ADD CONSTRAINT "alliance_deliverables_body_id_alliance_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."alliance_bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_document_versions" ADD CONSTRAINT "alliance_document_versions_document_id_alliance_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."alliance_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_documents" ADD CONSTRAINT "alliance_documents_item_id_workflow_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."workflow_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_documents" ADD CONSTRAINT "alliance_documents_body_id_alliance_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."alliance_bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_follows" ADD CONSTRAINT "alliance_follows_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_follows" ADD CONSTRAINT "alliance_follows_body_id_alliance_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."alliance_bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_meetings" ADD CONSTRAINT "alliance_meetings_item_id_workflow_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."workflow_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_meetings" ADD CONSTRAINT "alliance_meetings_body_id_alliance_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."alliance_bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_metas" ADD CONSTRAINT "alliance_metas_body_id_alliance_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."alliance_bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_metas" ADD CONSTRAINT "alliance_metas_objective_id_alliance_objectives_id_fk" FOREIGN KEY ("objective_id") REFERENCES "public"."alliance_objectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_objectives" ADD CONSTRAINT "alliance_objectives_body_id_alliance_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."alliance_bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_observations" ADD CONSTRAINT "alliance_observations_resolution_id_alliance_resolutions_id_fk" FOREIGN KEY ("resolution_id") REFERENCES "public"."alliance_resolutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_observations" ADD CONSTRAINT "alliance_observations_body_id_alliance_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."alliance_bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_progress" ADD CONSTRAINT "alliance_progress_meta_id_alliance_metas_id_fk" FOREIGN KEY ("meta_id") REFERENCES "public"."alliance_metas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_resolutions" ADD CONSTRAINT "alliance_resolutions_item_id_workflow_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."workflow_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_resolutions" ADD CONSTRAINT "alliance_resolutions_decision_id_alliance_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."alliance_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_resolutions" ADD CONSTRAINT "alliance_resolutions_synthesis_id_alliance_syntheses_id_fk" FOREIGN KEY ("synthesis_id") REFERENCES "public"."alliance_syntheses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_resolutions" ADD CONSTRAINT "alliance_resolutions_body_id_alliance_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."alliance_bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_seats" ADD CONSTRAINT "alliance_seats_body_id_alliance_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."alliance_bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_seats" ADD CONSTRAINT "alliance_seats_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_syntheses" ADD CONSTRAINT "alliance_syntheses_item_id_workflow_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."workflow_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_syntheses" ADD CONSTRAINT "alliance_syntheses_body_id_alliance_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."alliance_bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_synthesis_documents" ADD CONSTRAINT "alliance_synthesis_documents_synthesis_id_alliance_syntheses_id_fk" FOREIGN KEY ("synthesis_id") REFERENCES "public"."alliance_syntheses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_synthesis_documents" ADD CONSTRAINT "alliance_synthesis_documents_document_id_alliance_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."alliance_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_tasks" ADD CONSTRAINT "alliance_tasks_item_id_workflow_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."workflow_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_tasks" ADD CONSTRAINT "alliance_tasks_body_id_alliance_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."alliance_bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_tasks" ADD CONSTRAINT "alliance_tasks_responsible_id_users_id_fk" FOREIGN KEY ("responsible_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_events" ADD CONSTRAINT "workflow_events_item_id_workflow_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."workflow_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alliance_bodies_path_idx" ON "alliance_bodies" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "alliance_documents_body_idx" ON "alliance_documents" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "alliance_meetings_body_idx" ON "alliance_meetings" USING btree ("body_id","starts_at");--> statement-breakpoint
CREATE INDEX "alliance_metas_body_idx" ON "alliance_metas" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "alliance_seats_body_idx" ON "alliance_seats" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "alliance_seats_user_idx" ON "alliance_seats" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "alliance_tasks_body_idx" ON "alliance_tasks" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "workflow_items_awaiting_idx" ON "workflow_items" USING btree ("awaiting");--> statement-breakpoint
CREATE INDEX "workflow_items_type_state_idx" ON "workflow_items" USING btree ("type","state");--> statement-breakpoint
CREATE INDEX "workflow_items_scope_idx" ON "workflow_items" USING btree ("scope_path" text_pattern_ops);--> statement-breakpoint
-- An approved decision and a numbered resolution are never edited: a change is a new record that references the old one.
CREATE FUNCTION alliance_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
END;
$$;--> statement-breakpoint
CREATE TRIGGER alliance_decisions_append_only BEFORE UPDATE OR DELETE ON alliance_decisions FOR EACH ROW EXECUTE FUNCTION alliance_append_only();--> statement-breakpoint
CREATE TRIGGER alliance_resolutions_append_only BEFORE UPDATE OR DELETE ON alliance_resolutions FOR EACH ROW EXECUTE FUNCTION alliance_append_only();
