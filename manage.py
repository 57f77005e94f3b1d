#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trusts.settings")
    # manage.py is the developer's tool: development settings unless the environment
    # says otherwise. Web (gunicorn) and workers (celery) get no such default.
    os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
