"""What people read: the dbt docs site, the overview page and the run summary."""
