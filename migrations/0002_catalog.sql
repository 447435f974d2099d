CREATE TABLE "catalog_import_rejections" (
	"import_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"cct" text NOT NULL,
	"reasons" jsonb NOT NULL,
	CONSTRAINT "catalog_import_rejections_import_id_line_pk" PRIMARY KEY("import_id","line")
);
--> statement-breakpoint
CREATE TABLE "catalog_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text NOT NULL,
	"file_name" text NOT NULL,
	"counts" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schools" (
	"unit_id" integer PRIMARY KEY NOT NULL,
	"cct" text NOT NULL,
	"shift" text,
	"locality" text,
	"address" text,
	"postal_code" text,
	"level" text NOT NULL,
	"service" text NOT NULL,
	"multigrade" boolean DEFAULT false NOT NULL,
	"funding" text,
	"setting" text,
	"marginalization" text,
	"enrolment" integer,
	"teachers" integer,
	"latitude" double precision,
	"longitude" double precision,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schools_cct_unique" UNIQUE("cct")
);
--> statement-breakpoint
ALTER TABLE "catalog_import_rejections" ADD CONSTRAINT "catalog_import_rejections_import_id_catalog_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."catalog_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;