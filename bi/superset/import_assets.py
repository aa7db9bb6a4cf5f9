"""Import an asset bundle (ZIP: database, datasets, charts, dashboards) into Superset, overwriting what an earlier
import left: `python import_assets.py BUNDLE.zip USER` in the BI environment, with SUPERSET_CONFIG_PATH set.

Superset's `import-dashboards` command keeps the database, datasets and charts that exist already (it overwrites
the dashboards only), so a changed asset or another warehouse path would be ignored; the assets importer (the one
behind Superset's /api/v1/assets/import/) overwrites all of them."""

from __future__ import annotations

import sys
import zipfile


def main(bundle_path: str, username: str) -> None:
    from superset.app import create_app

    app = create_app()
    with app.app_context():
        from flask import g
        from superset import security_manager
        from superset.commands.importers.v1.assets import ImportAssetsCommand
        from superset.commands.importers.v1.utils import get_contents_from_bundle

        g.user = security_manager.find_user(username=username)
        with zipfile.ZipFile(bundle_path) as bundle:
            contents = get_contents_from_bundle(bundle)
        ImportAssetsCommand(contents).run()
        print(f"imported {len(contents)} files", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
