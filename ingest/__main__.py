"""``python -m ingest`` is the same program as the ``atlas-ingest`` script."""

from ingest.cli import main

raise SystemExit(main())
