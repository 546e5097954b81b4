-- EXPLAIN (ANALYZE, BUFFERS) of the plans ADRs 028 and 031 compare for one keystroke of Select Certificate on PostgreSQL,
-- on the store bench-select-certificate.ts builds (100,007 certificates; ADMIN01 is computer 1, the port's
-- BTS01 and BTS02 are 2 and 3), kept in a schema of its own and vacuumed. Run with psql, the search path set to
-- that schema and the LIKE pattern given: psql -v p='%partner 04%' -f store-search-plans.sql
-- Each query is the page the console asks for (Issued To ascending, 200 rows and one more, the certificates the
-- port can use), as repositories/certificates.ts builds it (queries 1 to 3 and 7; 4 to 6 are the alternatives ADR 028
-- measured). The load average is printed between them. Without parallel workers:
-- psql -v p=… -c 'set max_parallel_workers_per_gather = 0' -f store-search-plans.sql

\echo 'load average' `cat /proc/loadavg`

-- 1. The sort index walked alone (ADR 025): every certificate passed is looked up in the store.
explain (analyze, buffers)
select c.thumbprint, c.subject, c.subject_common_name, c.issuer, c.issuer_common_name, c.not_before, c.not_after, sc.friendly_name, c.key_usage
from certificates c cross join store_certificates sc
where sc.thumbprint = c.thumbprint and sc.computer_id = 1
 and (lower(c.subject_common_name) like :'p' escape '\' or lower(c.issuer_common_name) like :'p' escape '\' or lower(sc.friendly_name) like :'p' escape '\' or lower(c.thumbprint) like :'p' escape '\')
 and c.not_after > '2026-11-25T12:00:00.000Z' and c.not_before <= '2026-11-25T12:00:00.000Z'
 and (c.key_usage is null or c.key_usage like '%"keyEncipherment"%' or c.key_usage like '%"dataEncipherment"%')
 and exists(select h.thumbprint from store_certificates h where h.computer_id = 2 and h.thumbprint = c.thumbprint)
 and exists(select h.thumbprint from store_certificates h where h.computer_id = 3 and h.thumbprint = c.thumbprint)
order by lower(c.subject_common_name) asc, c.thumbprint asc limit 201 offset 0;

\echo 'load average' `cat /proc/loadavg`

-- 2. The trigram candidates read and the matches sorted (ADR 025's plan for at most 5,000 estimated candidates).
explain (analyze, buffers)
select c.thumbprint, c.subject, c.subject_common_name, c.issuer, c.issuer_common_name, c.not_before, c.not_after, sc.friendly_name, c.key_usage
from certificates c inner join store_certificates sc on sc.thumbprint = c.thumbprint
where sc.computer_id = 1
 and sc.thumbprint in (select c.thumbprint from certificates c
    where lower(c.subject_common_name) like :'p' escape '\' or lower(c.issuer_common_name) like :'p' escape '\' or lower(c.thumbprint) like :'p' escape '\'
    union all
    select sc.thumbprint from store_certificates sc where lower(sc.friendly_name) like :'p' escape '\')
 and (lower(c.subject_common_name) like :'p' escape '\' or lower(c.issuer_common_name) like :'p' escape '\' or lower(sc.friendly_name) like :'p' escape '\' or lower(c.thumbprint) like :'p' escape '\')
 and c.not_after > '2026-11-25T12:00:00.000Z' and c.not_before <= '2026-11-25T12:00:00.000Z'
 and (c.key_usage is null or c.key_usage like '%"keyEncipherment"%' or c.key_usage like '%"dataEncipherment"%')
 and exists(select h.thumbprint from store_certificates h where h.computer_id = 2 and h.thumbprint = c.thumbprint)
 and exists(select h.thumbprint from store_certificates h where h.computer_id = 3 and h.thumbprint = c.thumbprint)
order by lower(c.subject_common_name) asc, c.thumbprint asc limit 201 offset 0;

\echo 'load average' `cat /proc/loadavg`

-- 3. ADR 028: the walk of the page's thumbprints, each certificate judged from migration 011's index, with this
-- store's matching friendly names in a hash; only the certificates that may match are looked up in the store.
explain (analyze, buffers)
select c.thumbprint
from certificates c cross join store_certificates sc
where sc.thumbprint = c.thumbprint and sc.computer_id = 1
 and (lower(c.subject_common_name) like :'p' escape '\' or lower(c.issuer_common_name) like :'p' escape '\' or lower(c.thumbprint) like :'p' escape '\'
      or c.thumbprint in (select f.thumbprint from store_certificates f where f.computer_id = 1 and lower(f.friendly_name) like :'p' escape '\'))
 and (lower(c.subject_common_name) like :'p' escape '\' or lower(c.issuer_common_name) like :'p' escape '\' or lower(sc.friendly_name) like :'p' escape '\' or lower(c.thumbprint) like :'p' escape '\')
 and c.not_after > '2026-11-25T12:00:00.000Z' and c.not_before <= '2026-11-25T12:00:00.000Z'
 and (c.key_usage is null or c.key_usage like '%"keyEncipherment"%' or c.key_usage like '%"dataEncipherment"%')
 and exists(select h.thumbprint from store_certificates h where h.computer_id = 2 and h.thumbprint = c.thumbprint)
 and exists(select h.thumbprint from store_certificates h where h.computer_id = 3 and h.thumbprint = c.thumbprint)
order by lower(c.subject_common_name) asc, c.thumbprint asc limit 201 offset 0;

\echo 'load average' `cat /proc/loadavg`

-- Alternatives (ADR 028).
-- 4. The candidates read and sorted, the friendly names restricted to the store and the parts joined by UNION.
explain (analyze, buffers)
select c.thumbprint, c.subject, c.subject_common_name, c.issuer, c.issuer_common_name, c.not_before, c.not_after, sc.friendly_name, c.key_usage
from certificates c inner join store_certificates sc on sc.thumbprint = c.thumbprint
where sc.computer_id = 1
 and sc.thumbprint in (select c.thumbprint from certificates c
    where lower(c.subject_common_name) like :'p' escape '\' or lower(c.issuer_common_name) like :'p' escape '\' or lower(c.thumbprint) like :'p' escape '\'
    union
    select sc.thumbprint from store_certificates sc where lower(sc.friendly_name) like :'p' escape '\' and sc.computer_id = 1)
 and (lower(c.subject_common_name) like :'p' escape '\' or lower(c.issuer_common_name) like :'p' escape '\' or lower(sc.friendly_name) like :'p' escape '\' or lower(c.thumbprint) like :'p' escape '\')
 and c.not_after > '2026-11-25T12:00:00.000Z' and c.not_before <= '2026-11-25T12:00:00.000Z'
 and (c.key_usage is null or c.key_usage like '%"keyEncipherment"%' or c.key_usage like '%"dataEncipherment"%')
 and exists(select h.thumbprint from store_certificates h where h.computer_id = 2 and h.thumbprint = c.thumbprint)
 and exists(select h.thumbprint from store_certificates h where h.computer_id = 3 and h.thumbprint = c.thumbprint)
order by lower(c.subject_common_name) asc, c.thumbprint asc limit 201 offset 0;

\echo 'load average' `cat /proc/loadavg`

-- 5. The walk of the page's thumbprints from the covering index with no filter: every certificate passed is
-- looked up in the store (index-only there too, given: create index store_certificates_cover on
-- store_certificates (computer_id, thumbprint) include (friendly_name), which no migration makes).
explain (analyze, buffers)
select c.thumbprint
from certificates c cross join store_certificates sc
where sc.thumbprint = c.thumbprint and sc.computer_id = 1
 and (lower(c.subject_common_name) like :'p' escape '\' or lower(c.issuer_common_name) like :'p' escape '\' or lower(sc.friendly_name) like :'p' escape '\' or lower(c.thumbprint) like :'p' escape '\')
 and c.not_after > '2026-11-25T12:00:00.000Z' and c.not_before <= '2026-11-25T12:00:00.000Z'
 and (c.key_usage is null or c.key_usage like '%"keyEncipherment"%' or c.key_usage like '%"dataEncipherment"%')
 and exists(select h.thumbprint from store_certificates h where h.computer_id = 2 and h.thumbprint = c.thumbprint)
 and exists(select h.thumbprint from store_certificates h where h.computer_id = 3 and h.thumbprint = c.thumbprint)
order by lower(c.subject_common_name) asc, c.thumbprint asc limit 201 offset 0;

\echo 'load average' `cat /proc/loadavg`

-- 6. The walk with every candidate in hashes (the certificates' names too), tested before anything else.
explain (analyze, buffers)
select c.thumbprint
from certificates c cross join store_certificates sc
where sc.thumbprint = c.thumbprint and sc.computer_id = 1
 and (c.thumbprint in (select g.thumbprint from certificates g where lower(g.subject_common_name) like :'p' escape '\' or lower(g.issuer_common_name) like :'p' escape '\' or lower(g.thumbprint) like :'p' escape '\')
      or c.thumbprint in (select f.thumbprint from store_certificates f where f.computer_id = 1 and lower(f.friendly_name) like :'p' escape '\'))
 and (lower(c.subject_common_name) like :'p' escape '\' or lower(c.issuer_common_name) like :'p' escape '\' or lower(sc.friendly_name) like :'p' escape '\' or lower(c.thumbprint) like :'p' escape '\')
 and c.not_after > '2026-11-25T12:00:00.000Z' and c.not_before <= '2026-11-25T12:00:00.000Z'
 and (c.key_usage is null or c.key_usage like '%"keyEncipherment"%' or c.key_usage like '%"dataEncipherment"%')
 and exists(select h.thumbprint from store_certificates h where h.computer_id = 2 and h.thumbprint = c.thumbprint)
 and exists(select h.thumbprint from store_certificates h where h.computer_id = 3 and h.thumbprint = c.thumbprint)
order by lower(c.subject_common_name) asc, c.thumbprint asc limit 201 offset 0;

\echo 'load average' `cat /proc/loadavg`

-- 7. ADR 031: the walk of the page's thumbprints over this store's own rows in the order of Issued To (migration 012's
-- index), each judged by one LIKE on the text it holds, then by the store's predicate; store_search_serial() keeps
-- parallel workers out. Only the rows whose text matches are looked up in certificates and the other stores.
explain (analyze, buffers)
select sc.thumbprint
from store_certificates sc cross join certificates c
where c.thumbprint = sc.thumbprint and sc.computer_id = 1
 and (store_search_serial() and sc.search_text like :'p' escape '\')
 and (lower(c.subject_common_name) like :'p' escape '\' or lower(c.issuer_common_name) like :'p' escape '\' or lower(sc.friendly_name) like :'p' escape '\' or lower(c.thumbprint) like :'p' escape '\')
 and c.not_after > '2026-11-25T12:00:00.000Z' and c.not_before <= '2026-11-25T12:00:00.000Z'
 and (c.key_usage is null or c.key_usage like '%"keyEncipherment"%' or c.key_usage like '%"dataEncipherment"%')
 and exists(select h.thumbprint from store_certificates h where h.computer_id = 2 and h.thumbprint = c.thumbprint)
 and exists(select h.thumbprint from store_certificates h where h.computer_id = 3 and h.thumbprint = c.thumbprint)
order by sc.search_issued_to asc, sc.thumbprint asc limit 201 offset 0;

\echo 'load average' `cat /proc/loadavg`
