"""Reports to raw records: discover what the inbox holds, extract batches of reports, check records against
the raw tables' rules (raw_schema is their one definition)."""
