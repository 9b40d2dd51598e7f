"""`manage.py qcluster`: django-q2's command (django_q/management/commands/qcluster.py), running a cluster that
stops within seconds of SIGTERM (ops/workers.py). This app comes before django_q in INSTALLED_APPS, so this
command is the one `qcluster` runs."""

import os
from typing import Any

from django.conf import settings
from django_q.management.commands import qcluster

from ops.workers import StoppingCluster


class Command(qcluster.Command):
    help = "Starts a django-q2 cluster that finishes or gives back its tasks within seconds of SIGTERM."

    def handle(self, *args: Any, **options: Any) -> None:
        _ = settings.SECRET_KEY  # as django-q2's: tasks are signed with it
        if options.get("cluster_name"):
            os.environ["Q_CLUSTER_NAME"] = options["cluster_name"]
        cluster = StoppingCluster()
        cluster.start()
        if options.get("run_once", False):
            cluster.stop()
