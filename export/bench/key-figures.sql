-- The report's key figures from the Parquet export, in DuckDB:
--   anketa export --format parquet -o data/parquet stores/
--   duckdb < export/bench/key-figures.sql     (or node export/bench/duckdb.js < ...)
-- Missing answers are NULL (their kind is in NAME__missing), so avg() and
-- count() leave them out as the report does. On the school scale 1 and 2
-- are the favourable grades. Tested in export/report/duckdb_test.go.
CREATE VIEW anketa AS
  SELECT * FROM read_parquet('data/parquet/**/*.parquet', hive_partitioning = true);
;
-- The overall grade per workplace: answers, mean, favourable share.
SELECT pracoviste, count(celkove) AS n, avg(celkove) AS mean,
       avg(CASE WHEN celkove IN (1, 2) THEN 1.0 ELSE 0.0 END) FILTER (WHERE celkove IS NOT NULL) AS favorable
FROM anketa GROUP BY pracoviste ORDER BY pracoviste;
;
-- The same per month, the partition the files are in.
SELECT month, count(celkove) AS n, avg(celkove) AS mean,
       avg(CASE WHEN celkove IN (1, 2) THEN 1.0 ELSE 0.0 END) FILTER (WHERE celkove IS NOT NULL) AS favorable
FROM anketa GROUP BY month ORDER BY month;
;
-- Per month and workplace.
SELECT month, pracoviste, count(celkove) AS n, avg(celkove) AS mean
FROM anketa GROUP BY month, pracoviste ORDER BY month, pracoviste;
;
-- Why answers are missing: don't know, refused, skipped, not asked.
SELECT celkove__missing AS why, count(*) AS sessions
FROM anketa WHERE celkove__missing IS NOT NULL GROUP BY 1 ORDER BY 1;
