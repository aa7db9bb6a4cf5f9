"""Everything around the extractor: reports in, a published, validated, documented warehouse out.

The rooms, each depending only on the ones before it (tests/unit/test_import_graph.py keeps it so):

- `config`, `placement`, `duckdb_io`, `failures`: shared by every room (paths and settings, task placement, opening
  DuckDB files, errors that no retry heals);
- `intake/`: reports to raw records (discover the inbox, extract batches, the raw tables' rules);
- `warehouse/`: raw records to a published warehouse (load, dbt build with isolation, publish, export, panel);
- `quality/`: checks of a build before it is published (Great Expectations suites, the audit);
- `site/`: what people read (dbt docs, the overview page, the run summary);
- `runtime/`: how a person runs it (`make run`'s driver, the `gov-reports` command, the Airflow CLI wrapper).
"""
