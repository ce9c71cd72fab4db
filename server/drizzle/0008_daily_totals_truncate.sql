-- TRUNCATE fires no row or DELETE triggers; emptying the ledger this way empties the rollup with it.
CREATE FUNCTION transaction_daily_totals_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE transaction_daily_totals;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER transactions_daily_totals_truncate
  AFTER TRUNCATE ON transactions
  FOR EACH STATEMENT EXECUTE FUNCTION transaction_daily_totals_truncate();
