"""Fixtures for the referral journey: the seeded form versions and members of two local authorities."""

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from accounts.models import Organisation, Role
from forms_engine.models import FormVersion, Referral
from forms_engine.services import referral_start
from tests.factories import member, verified_login
from tests.qcluster import cluster_processes

from .answers import complete_answers


@pytest.fixture
def forms_seeded(db: Any) -> dict[int, FormVersion]:
    """The form and its versions as seed_demo loads them, but with v5 still a draft: the journey's tests run on v4
    (tests/demo/ and the browser tests of the demo run on v5, live there from 1 April 2021)."""
    from demo.forms import demo_forms_seed

    demo_forms_seed(drafts=frozenset({5, 6}))
    return {v.number: v for v in FormVersion.objects.all()}


@pytest.fixture
def hampshire(db: Any) -> Organisation:
    return Organisation.objects.create(
        name="Hampshire County Council",
        slug="hampshire",
        kind=Organisation.Kind.LOCAL_AUTHORITY,
        ons_code="E10000014",
    )


@pytest.fixture
def leeds(db: Any) -> Organisation:
    return Organisation.objects.create(
        name="Leeds City Council", slug="leeds", kind=Organisation.Kind.LOCAL_AUTHORITY, ons_code="E08000035"
    )


def client_for(user: Any) -> Client:
    client = Client()
    verified_login(client, user)
    return client


@pytest.fixture
def social_worker(hampshire: Organisation) -> Any:
    return member(Role.SOCIAL_WORKER, hampshire)


@pytest.fixture
def officer(hampshire: Organisation) -> Any:
    return member(Role.SANCTIONING_OFFICER, hampshire)


@pytest.fixture
def draft(forms_seeded: dict[int, FormVersion], social_worker: Any) -> Referral:
    """A new v4 draft for Hampshire."""
    return referral_start(membership=social_worker.memberships.get(), version=forms_seeded[4])


@pytest.fixture
def complete_draft(draft: Referral) -> Referral:
    """A v4 draft with every visible question answered (documents not yet uploaded)."""
    draft.answers = complete_answers(draft.version.schema, draft.version.code_lists, **draft.answers)
    draft.save()
    return draft


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """start(code, name, **env): real q-cluster processes (tests/qcluster.py); all killed at the end."""
    yield from cluster_processes(tmp_path)
