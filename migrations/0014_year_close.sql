CREATE TABLE "pec_accountability_acks" (
	"cycle_id" integer NOT NULL,
	"school_unit_id" integer NOT NULL,
	"acknowledged" boolean NOT NULL,
	"observations" text DEFAULT '' NOT NULL,
	"held_on" text NOT NULL,
	"attendees" integer NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pec_accountability_acks_cycle_id_school_unit_id_pk" PRIMARY KEY("cycle_id","school_unit_id")
);
--> statement-breakpoint
CREATE TABLE "pec_year_closes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pec_year_closes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"cycle_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"unit_kind" text NOT NULL,
	"balance" bigint,
	"closed_by" uuid,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pec_year_closes_unit" UNIQUE("cycle_id","unit_id")
);
--> statement-breakpoint
ALTER TABLE "pec_returns" ADD COLUMN "reference" text;--> statement-breakpoint
ALTER TABLE "pec_returns" ADD COLUMN "returned_by" uuid;--> statement-breakpoint
ALTER TABLE "pec_accountability_acks" ADD CONSTRAINT "pec_accountability_acks_cycle_id_pec_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."pec_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pec_year_closes" ADD CONSTRAINT "pec_year_closes_cycle_id_pec_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."pec_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pec_year_closes_path" ON "pec_year_closes" USING btree ("unit_path" text_pattern_ops);