ALTER TABLE "alliance_deliverables" ADD COLUMN "reminded_for" text;--> statement-breakpoint
ALTER TABLE "alliance_tasks" ADD COLUMN "reminded_for" text;