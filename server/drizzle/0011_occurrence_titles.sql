-- Occurrences of a recurring series carry the series' own title; the list shows a badge instead of
-- the "Recurring - " prefix they were once given. Only rows a template made (template_id set) change.
UPDATE "transactions"
SET "title" = substr("title", length('Recurring - ') + 1)
WHERE "template_id" IS NOT NULL AND starts_with("title", 'Recurring - ');
