"""The distributed deployment: its configuration (topology, airflow.env, init.sh), a local cluster that runs it for
real (cluster), and a client of Airflow's REST API (api)."""
