CREATE TABLE "broadcast_keys" (
	"business_id" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"result" jsonb,
	"created_at" bigint NOT NULL,
	CONSTRAINT "broadcast_keys_business_id_key_pk" PRIMARY KEY("business_id","key")
);
