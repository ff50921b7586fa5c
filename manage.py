#!/usr/bin/env python
"""Django's command-line utility for Clusterdesk."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    from config.env import exit_on_configuration_error

    # Load the settings first, so a bad configuration stops here with one clear line.
    exit_on_configuration_error(lambda: __import__(os.environ["DJANGO_SETTINGS_MODULE"]))
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
