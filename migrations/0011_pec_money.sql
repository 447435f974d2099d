CREATE TABLE "pec_allocations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pec_allocations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"cycle_id" integer NOT NULL,
	"state_unit_id" integer NOT NULL,
	"amount" bigint NOT NULL,
	"basis" text NOT NULL,
	"basis_value" bigint NOT NULL,
	"share_bp" integer NOT NULL,
	"required_state_contribution" bigint NOT NULL,
	"entry_id" bigint,
	"allocated_by" uuid,
	"allocated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pec_allocations_cycle_state" UNIQUE("cycle_id","state_unit_id")
);
--> statement-breakpoint
CREATE TABLE "pec_contributions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cycle_id" integer NOT NULL,
	"school_unit_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint NOT NULL,
	"received_on" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"evidence_file_id" uuid,
	"status" text DEFAULT 'registered' NOT NULL,
	"review_reason" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"entry_id" bigint,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pec_expenses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cycle_id" integer NOT NULL,
	"school_unit_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"plan_id" uuid NOT NULL,
	"action_id" text NOT NULL,
	"category" text NOT NULL,
	"amount" bigint NOT NULL,
	"description" text NOT NULL,
	"spent_on" text NOT NULL,
	"proof" text NOT NULL,
	"cfdi_uuid" text,
	"cfdi_facts" jsonb,
	"receipt_reason" text,
	"files" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"item_id" uuid NOT NULL,
	"entry_id" bigint,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pec_expenses_cfdi_uuid_unique" UNIQUE("cfdi_uuid")
);
--> statement-breakpoint
CREATE TABLE "pec_returns" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pec_returns_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"cycle_id" integer NOT NULL,
	"school_unit_id" integer NOT NULL,
	"amount" bigint NOT NULL,
	"due_on" text NOT NULL,
	"entry_id" bigint,
	"returned_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pec_returns_school" UNIQUE("cycle_id","school_unit_id")
);
--> statement-breakpoint
CREATE TABLE "pec_transfers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pec_transfers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"cycle_id" integer NOT NULL,
	"school_unit_id" integer NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint NOT NULL,
	"calculation" jsonb NOT NULL,
	"entry_id" bigint NOT NULL,
	"released_by" uuid,
	"released_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pec_transfers_once" UNIQUE("cycle_id","school_unit_id","kind")
);
--> statement-breakpoint
ALTER TABLE "pec_allocations" ADD CONSTRAINT "pec_allocations_cycle_id_pec_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."pec_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_contributions" ADD CONSTRAINT "pec_contributions_cycle_id_pec_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."pec_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_expenses" ADD CONSTRAINT "pec_expenses_cycle_id_pec_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."pec_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_returns" ADD CONSTRAINT "pec_returns_cycle_id_pec_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."pec_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_transfers" ADD CONSTRAINT "pec_transfers_cycle_id_pec_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."pec_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pec_contributions_school" ON "pec_contributions" USING btree ("cycle_id","school_unit_id");--> statement-breakpoint
CREATE INDEX "pec_expenses_school" ON "pec_expenses" USING btree ("cycle_id","school_unit_id");--> statement-breakpoint
CREATE INDEX "pec_expenses_path" ON "pec_expenses" USING btree ("school_path" text_pattern_ops);