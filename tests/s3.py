"""A real S3 server for the tests (TEST_STORAGE=s3): moto's standalone server on loopback, one per test session.

The protected storage is then django-storages' S3Storage against it, configured through the same environment
variables as production (config/settings/storage.py), so processes a test starts (q clusters, workers) inherit it.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3

REGION = "eu-west-2"
BUCKET = "secure-welfare-test"


def wanted() -> bool:
    """True when this test run keeps protected files in S3."""
    return os.environ.get("TEST_STORAGE", "filesystem") == "s3"


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    bucket: str

    def client(self) -> Any:
        return boto3.client("s3", endpoint_url=self.endpoint_url, region_name=REGION)

    def environ(self, prefix: str) -> dict[str, str]:
        """The variables that point a process's protected storage at this server, under a key prefix."""
        return {
            "PROTECTED_STORAGE": "s3",
            "PROTECTED_S3_BUCKET": self.bucket,
            "PROTECTED_S3_ENDPOINT_URL": self.endpoint_url,
            "PROTECTED_S3_REGION": REGION,
            "PROTECTED_S3_PREFIX": prefix,
            "AWS_ACCESS_KEY_ID": "test-only",
            "AWS_SECRET_ACCESS_KEY": "test-only",
            "AWS_DEFAULT_REGION": REGION,
        }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto_server exited with code {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("moto_server did not start listening in time")


@contextmanager
def s3_server() -> Iterator[S3Server]:
    """Start moto's server on a free loopback port, make the bucket, and stop the server on leaving."""
    port = _free_port()
    moto = Path(sys.executable).with_name("moto_server")
    process = subprocess.Popen(
        [str(moto), "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_listening(port, process)
        server = S3Server(f"http://127.0.0.1:{port}", BUCKET)
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
            os.environ[name] = server.environ("")[name]  # moto's own test credentials, for boto3 in this process
        server.client().create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
