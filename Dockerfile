# The project on Airflow's slim image (Airflow and Python only, no providers): everything else, the Celery, FAB and
# Postgres providers and psycopg2 among it, comes pinned from the runtime lock (requirements.lock, no dev tools).
ARG AIRFLOW_VERSION=3.3.2
ARG PYTHON_VERSION=3.11
FROM apache/airflow:slim-${AIRFLOW_VERSION}-python${PYTHON_VERSION}

USER airflow
COPY --chown=airflow:root requirements.lock /opt/gov_reports/requirements.lock
RUN pip install --no-cache-dir -r /opt/gov_reports/requirements.lock

COPY --chown=airflow:root extract /opt/gov_reports/extract
COPY --chown=airflow:root ingest /opt/gov_reports/ingest
COPY --chown=airflow:root dbt_project /opt/gov_reports/dbt_project
COPY --chown=airflow:root expectations /opt/gov_reports/expectations
COPY --chown=airflow:root dags /opt/gov_reports/dags
COPY --chown=airflow:root deploy /opt/gov_reports/deploy

ENV GOV_REPORTS_HOME=/opt/gov_reports \
    PYTHONPATH=/opt/gov_reports
# a parse at build time checks the project inside the image (the DAG itself never runs dbt at parse time)
RUN cd /opt/gov_reports/dbt_project && dbt parse --quiet --profiles-dir .
