CREATE TABLE "business_name_keys" (
	"business_id" text NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	CONSTRAINT "business_name_keys_business_id_kind_key_pk" PRIMARY KEY("business_id","kind","key")
);
--> statement-breakpoint
ALTER TABLE "businesses" ADD COLUMN "name_keys_version" integer;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "code" text;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "related_business_id" text;--> statement-breakpoint
CREATE INDEX "business_name_keys_key" ON "business_name_keys" USING btree ("kind","key");