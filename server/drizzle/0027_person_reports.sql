CREATE TABLE "person_reports" (
	"id" text PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"reporter" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "person_reports_reporter" ON "person_reports" USING btree ("reporter","created_at");--> statement-breakpoint
CREATE INDEX "person_reports_created" ON "person_reports" USING btree ("created_at");