-- One follower, one cursor table: the statistics cursor becomes the `stats` row of log_cursors.
INSERT INTO "log_cursors" ("name", "seq") SELECT 'stats', "seq" FROM "stats_cursor" WHERE "id" = 1 ON CONFLICT ("name") DO NOTHING;--> statement-breakpoint
DROP TABLE "stats_cursor" CASCADE;
