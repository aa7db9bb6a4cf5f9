"""Superset's configuration for the gov_reports dashboards (`make bi`), read through SUPERSET_CONFIG_PATH.

Everything Superset keeps (its metadata database, the secret key) lives in GOV_REPORTS_BI_HOME (`.superset/` by
default); the warehouse itself is only ever opened read-only (the database URI of bi/superset/assets/, with
`access_mode=read_only`, is pointed at the warehouse by bi/superset/start.py)."""

from __future__ import annotations

import os
from pathlib import Path

HOME = Path(os.environ["GOV_REPORTS_BI_HOME"])

# the key that signs sessions and encrypts connection secrets: SUPERSET_SECRET_KEY, else one made once per home
SECRET_KEY = os.environ.get("SUPERSET_SECRET_KEY") or (HOME / "secret_key").read_text(encoding="utf-8").strip()

# Superset's own metadata (users, dashboards, charts): SQLite, beside the key
SQLALCHEMY_DATABASE_URI = f"sqlite:///{HOME / 'superset.db'}"

# no data cache: every chart queries the published warehouse as it is now (a run publishes a new file by rename)
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}

# the dashboards' native filters; every chart of a dashboard drawn at once (not when scrolled to: the dashboards
# are small, and a screenshot of a whole page shows them all); no thumbnails, no alerts (no Celery here)
FEATURE_FLAGS = {"DASHBOARD_NATIVE_FILTERS": True, "DASHBOARD_VIRTUALIZATION": False, "ALERT_REPORTS": False,
                 "THUMBNAILS": False}

# pages load nothing from other hosts (no web fonts, maps or the analytics pixel of the welcome page): the
# content security policy allows this server only
TALISMAN_CONFIG = {
    "content_security_policy": {
        "base-uri": ["'self'"],
        "default-src": ["'self'"],
        "img-src": ["'self'", "blob:", "data:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": "'none'",
        "style-src": ["'self'", "'unsafe-inline'"],
        "font-src": ["'self'"],
        "script-src": ["'self'", "'strict-dynamic'"],
    },
    "content_security_policy_nonce_in": ["script-src"],
    "force_https": False,
    "session_cookie_secure": False,
}

APP_NAME = "政府工作报告 · gov_reports"
ROW_LIMIT = 50000
SQLLAB_TIMEOUT = 60
SUPERSET_WEBSERVER_TIMEOUT = 120
