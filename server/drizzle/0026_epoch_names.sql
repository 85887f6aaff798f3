CREATE TABLE "epoch_names" (
	"head" text NOT NULL,
	"key" text NOT NULL,
	"epoch" integer NOT NULL,
	CONSTRAINT "epoch_names_head_key_epoch_pk" PRIMARY KEY("head","key","epoch")
);
