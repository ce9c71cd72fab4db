CREATE TABLE "receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"transaction_id" uuid,
	"live_transaction_id" uuid,
	"content_type" varchar(32) NOT NULL,
	"image" "bytea" NOT NULL,
	"thumbnail" "bytea" NOT NULL,
	"byte_length" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"unattached_since" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_live_transaction_id_transactions_id_fk" FOREIGN KEY ("live_transaction_id") REFERENCES "public"."transactions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "receipts_user_idx" ON "receipts" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "receipts_transaction_unique" ON "receipts" USING btree ("transaction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "receipts_live_transaction_unique" ON "receipts" USING btree ("live_transaction_id");--> statement-breakpoint
CREATE INDEX "receipts_unattached_idx" ON "receipts" USING btree ("unattached_since") WHERE "receipts"."unattached_since" is not null;--> statement-breakpoint
CREATE INDEX "receipts_released_idx" ON "receipts" USING btree ("transaction_id") WHERE "receipts"."transaction_id" is not null and "receipts"."live_transaction_id" is null;