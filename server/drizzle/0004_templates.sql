CREATE TABLE "templates" (
	"business_id" text NOT NULL,
	"name" text NOT NULL,
	"version" integer NOT NULL,
	"category" text NOT NULL,
	"body" jsonb NOT NULL,
	"published_at" bigint NOT NULL,
	CONSTRAINT "templates_business_id_name_version_pk" PRIMARY KEY("business_id","name","version")
);
