"""The production static files storage: whitenoise's compressed manifest storage, with each hashed URL remembered."""

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class CachedManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Each {% static %} URL worked out once per process.

    ManifestStaticFilesStorage.url looks the name up in the manifest, splits and quotes it and joins it to
    STATIC_URL every time a page names a file (a dozen times on every page); the manifest is read once when the
    storage is made and never changes while a process runs, so the answer for a name never changes either.
    collectstatic's post-processing (which rewrites the manifest) forgets what was remembered; in DEBUG the storage
    gives unhashed URLs and nothing is remembered. A name missing from the manifest raises every time.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None or settings.DEBUG:
            return str(super().url(name, force))
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = str(super().url(name))
            return url

    def post_process(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
        self._urls.clear()
