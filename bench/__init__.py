"""The benchmarks: load against the key pages (``manage.py bench``), the reminder sweep
(``bench_sweep``) and the GIAS import (``bench_import_gias``). Nothing in the service
imports this app; its ``/floor`` view is served only by the server ``bench`` starts."""
