"""How a person runs the pipeline: `make run`'s driver, the `gov-reports` command and the Airflow CLI wrapper."""
