-- A transaction moved into another account (a changed account, a deleted account's rows moved on, a
-- transfer leg moved) keeps its source id only when that account does not hold the id already: the
-- same statement imported into both accounts would otherwise make the move fail on the
-- (account_id, source_id) unique index. The moved row stays a transaction of its own; the row that was
-- there first keeps the id, so a later import of the statement still skips it.
CREATE FUNCTION "transactions_release_moved_source_id"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM "transactions" AS "held"
    WHERE "held"."account_id" = NEW."account_id" AND "held"."source_id" = NEW."source_id" AND "held"."id" <> NEW."id"
  ) THEN
    NEW."source_id" := NULL;
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "transactions_release_moved_source_id"
  BEFORE UPDATE OF "account_id" ON "transactions"
  FOR EACH ROW
  WHEN (NEW."source_id" IS NOT NULL AND NEW."account_id" IS DISTINCT FROM OLD."account_id")
  EXECUTE FUNCTION "transactions_release_moved_source_id"();
