CREATE TABLE "deleted_transaction_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"rows" jsonb NOT NULL,
	"detached_occurrences" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deleted_transaction_batches" ADD CONSTRAINT "deleted_transaction_batches_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deleted_transaction_batches_user_idx" ON "deleted_transaction_batches" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "deleted_transaction_batches_expires_idx" ON "deleted_transaction_batches" USING btree ("expires_at");