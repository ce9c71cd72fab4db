-- Trigram indexes make keyword search (ILIKE '%…%') fast on large ledgers; the next migration builds one.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
