"""Start Apache Superset on a published warehouse with the dashboards of bi/superset/assets/ (`make bi`).

Runs in the BI environment (.venv-bi, from requirements-bi.lock), never in the project's:

1. the first time for a home (`.superset/` by default): a secret key, Superset's metadata database
   (`superset db upgrade`), the admin user and Superset's roles (`superset init`);
2. every time: the assets (YAML: database, datasets, charts, dashboards) are bundled with the database URI
   pointed at the warehouse, read-only (`duckdb:////abs/path?access_mode=read_only`), and imported over the
   previous import (import_assets.py);
3. gunicorn serves Superset on 127.0.0.1 (this process becomes it: stopping it stops Superset).

Superset opens the warehouse only for a query, read-only, and closes it after (no connection pool): it never
holds a lock on the file, and a run that publishes a new warehouse (an atomic rename) is seen by the next query.
`--export` does the reverse of step 2: the dashboards edited in Superset's UI back into the assets.
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ASSETS = HERE / "assets"
ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent
URI_PLACEHOLDER = "duckdb:///warehouse/gov_reports.duckdb?access_mode=read_only"
ADMIN = os.environ.get("GOV_REPORTS_BI_USER", "admin")
PASSWORD = os.environ.get("GOV_REPORTS_BI_PASSWORD", "admin")


def log(message: str) -> None:
    print(f"[bi] {message}", flush=True)


def environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "GOV_REPORTS_BI_HOME": str(home),
        "SUPERSET_CONFIG_PATH": str(HERE / "superset_config.py"),
        "SUPERSET_HOME": str(home),
        "FLASK_APP": "superset.app:create_app()",
        "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        "PYTHONWARNINGS": "ignore",
    })
    return env


def superset(env: dict[str, str], *args: str) -> None:
    """One `superset` command; its output is shown only when it fails."""
    proc = subprocess.run([str(BIN / "superset"), *args], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"[bi] superset {args[0]} failed (exit {proc.returncode})")


def superset_version() -> str:
    from importlib.metadata import version

    return version("apache-superset")


def first_time(home: Path, env: dict[str, str]) -> None:
    """Key, metadata database, admin user and roles, once per home and Superset version."""
    home.mkdir(parents=True, exist_ok=True)
    key = home / "secret_key"
    if not key.exists():
        key.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        key.chmod(0o600)
    marker = home / "initialized"
    if marker.exists() and marker.read_text(encoding="utf-8").strip() == superset_version():
        return
    log(f"first start of Superset {superset_version()} in {home}: metadata database, admin user, roles (≈1 min)…")
    superset(env, "db", "upgrade")
    superset(env, "fab", "create-admin", "--username", ADMIN, "--firstname", "gov_reports", "--lastname", "admin",
             "--email", "admin@localhost", "--password", PASSWORD)
    superset(env, "init")
    marker.write_text(superset_version(), encoding="utf-8")


def warehouse_uri(warehouse: Path) -> str:
    path = warehouse.resolve().as_posix()
    if any(c in path for c in "?#%"):
        raise SystemExit(f"[bi] the warehouse path may not contain ?, # or %: {path}")
    return f"duckdb:///{path}?access_mode=read_only"


def bundle(warehouse: Path) -> bytes:
    """The assets as an import ZIP, the database pointed at the warehouse (read-only)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for path in sorted(ASSETS.rglob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            if path.parent.name == "databases":
                config = yaml.safe_load(text)
                assert config["sqlalchemy_uri"] == URI_PLACEHOLDER, f"{path}: {config['sqlalchemy_uri']}"
                config["sqlalchemy_uri"] = warehouse_uri(warehouse)
                text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
            zf.writestr(f"gov_reports_bi/{path.relative_to(ASSETS).as_posix()}", text)
    return out.getvalue()


def import_assets(home: Path, env: dict[str, str], warehouse: Path) -> None:
    target = home / "assets.zip"
    target.write_bytes(bundle(warehouse))
    log(f"importing the dashboards of {ASSETS.relative_to(ROOT)} on {warehouse} (read-only)…")
    proc = subprocess.run([sys.executable, str(HERE / "import_assets.py"), str(target), ADMIN], env=env,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"[bi] the import of {target} failed (exit {proc.returncode})")


def export_assets(home: Path, env: dict[str, str]) -> None:
    """The dashboards of the metadata database back into the assets (edits made in Superset's UI): a file keeps its
    name in the assets when its object (uuid) was there already, a new object gets the name Superset gives it."""
    target = home / "export.zip"
    superset(env, "export-dashboards", "--dashboard-file", str(target))
    with zipfile.ZipFile(target) as zf:
        files = {Path(*Path(n).parts[1:]): zf.read(n).decode() for n in zf.namelist() if n.endswith(".yaml")}
    known = {}
    for path in ASSETS.rglob("*.yaml"):
        uuid = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("uuid")
        if uuid:
            known[uuid] = path.relative_to(ASSETS)
    shutil.rmtree(ASSETS)
    for rel, text in sorted(files.items()):
        config = yaml.safe_load(text)
        if rel.name == "metadata.yaml":
            config["type"] = "assets"  # imported by the assets importer (import_assets.py)
        if rel.parent.name == "databases":
            config["sqlalchemy_uri"] = URI_PLACEHOLDER
        rel = known.get(config.get("uuid"), rel)
        (ASSETS / rel).parent.mkdir(parents=True, exist_ok=True)
        (ASSETS / rel).write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=120),
                                  encoding="utf-8")
    log(f"exported {len(files)} files into {ASSETS.relative_to(ROOT)}")


def serve(env: dict[str, str], host: str, port: int, workers: int) -> None:
    log(f"Superset on http://{host}:{port}/ (login {ADMIN} / {PASSWORD}; Ctrl-C stops)")
    args = [str(BIN / "gunicorn"), "--bind", f"{host}:{port}", "--workers", str(workers), "--worker-class",
            "gthread", "--threads", "8", "--timeout", "120", "--limit-request-line", "0",
            "--limit-request-field_size", "0", "--access-logfile", "-", "superset.app:create_app()"]
    os.execve(args[0], args, env)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=ROOT / "warehouse" / "gov_reports.duckdb")
    parser.add_argument("--home", type=Path, default=ROOT / ".superset", help="Superset's metadata and key")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8088)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--setup-only", action="store_true", help="set up and import, do not serve")
    parser.add_argument("--export", action="store_true", help="export the dashboards into the assets and stop")
    args = parser.parse_args(argv)
    home = args.home.resolve()
    env = environment(home)
    first_time(home, env)
    if args.export:
        export_assets(home, env)
        return
    if not args.warehouse.is_file():
        raise SystemExit(f"[bi] no warehouse at {args.warehouse}: build one first (`make run`)")
    import_assets(home, env, args.warehouse)
    if not args.setup_only:
        serve(env, args.host, args.port, args.workers)


if __name__ == "__main__":
    main()
