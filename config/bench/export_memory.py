"""``python -m config.bench.export_memory EMAIL CLUSTER FORMAT``: download the member export of
a cluster through the real view in a fresh process, as a web worker serves it, and print its
resident memory as JSON: ``start_mb`` once Django is loaded and the user logged in,
``peak_mb`` the high-water mark (VmHWM) after the download.

A fresh process, not a fork of the bench, which holds its generated data and pandas frames.
"""

from __future__ import annotations

import json
import os
import sys


def main(email: str, cluster: str, file_format: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from accounts.models import User
    from config.bench.files import _download
    from config.bench.timing import status_kb

    with override_settings(ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.force_login(User.objects.get(email=email))
        client.post(reverse("clusters:switch"), {"cluster": cluster})
        start_kb = status_kb("VmRSS")
        _download(client, reverse("members:directory-export", args=[file_format]))
    print(json.dumps({"start_mb": start_kb / 1024, "peak_mb": status_kb("VmHWM") / 1024}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
