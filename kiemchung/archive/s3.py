"""The archive in an S3-compatible bucket (AWS S3, SeaweedFS, MinIO, Ceph…), for several machines.

Same contract as the filesystem: write-once objects (PutObject with `If-None-Match: *`, so two
writers of one key never clobber each other), listing by prefix (ListObjectsV2). There is no local
path: readers get the bytes. The bucket is created on the first write if it does not exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from kiemchung.archive.blobs import BlobStoreError, check_key

_MISSING = {"404", "NoSuchKey", "NotFound"}
_ALREADY_THERE = {"412", "PreconditionFailed", "ConditionalRequestConflict", "409"}


def parse_archive_url(url: str) -> tuple[str, str]:
    """`s3://bucket/some/prefix` → ("bucket", "some/prefix/")."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise BlobStoreError(f"an archive URL is s3://bucket[/prefix], not {url!r}")
    prefix = parts.path.strip("/")
    return parts.netloc, f"{prefix}/" if prefix else ""


class S3BlobStore:
    def __init__(
        self,
        bucket: str,
        *,
        prefix: str = "",
        endpoint_url: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        region: str = "us-east-1",
    ) -> None:
        self.bucket = bucket
        self.prefix = prefix
        self.endpoint_url = endpoint_url
        self._client: Any = boto3.session.Session().client(
            "s3",
            endpoint_url=endpoint_url,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            region_name=region,
            config=Config(
                s3={"addressing_style": "path"},
                retries={"max_attempts": 5, "mode": "standard"},
                connect_timeout=10,
                read_timeout=60,
                max_pool_connections=32,
            ),
        )
        self._bucket_checked = False

    @classmethod
    def from_url(cls, url: str, **options: Any) -> S3BlobStore:
        bucket, prefix = parse_archive_url(url)
        return cls(bucket, prefix=prefix, **options)

    def __repr__(self) -> str:
        return f"S3BlobStore(s3://{self.bucket}/{self.prefix} at {self.endpoint_url or 'AWS'})"

    def _key(self, key: str) -> str:
        return self.prefix + check_key(key)

    def _fail(self, action: str, key: str, error: Exception) -> BlobStoreError:
        detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return BlobStoreError(f"S3 {action} s3://{self.bucket}/{self.prefix}{key} failed: {detail}")

    def exists(self, key: str) -> bool:
        try:
            self._client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if _code(error) in _MISSING or _code(error) == "NoSuchBucket":
                return False
            raise self._fail("HEAD", key, error) from None
        except BotoCoreError as error:
            raise self._fail("HEAD", key, error) from None
        return True

    def get(self, key: str) -> bytes:
        try:
            answer = self._client.get_object(Bucket=self.bucket, Key=self._key(key))
            data: bytes = answer["Body"].read()
        except ClientError as error:
            if _code(error) in _MISSING:
                raise FileNotFoundError(f"no object s3://{self.bucket}/{self.prefix}{key}") from None
            raise self._fail("GET", key, error) from None
        except BotoCoreError as error:
            raise self._fail("GET", key, error) from None
        return data

    def put(self, key: str, data: bytes, *, overwrite: bool = False) -> bool:
        full_key = self._key(key)
        condition = {} if overwrite else {"IfNoneMatch": "*"}
        self._ensure_bucket()
        try:
            self._client.put_object(Bucket=self.bucket, Key=full_key, Body=data, **condition)
        except ClientError as error:
            if not overwrite and _code(error) in _ALREADY_THERE:
                return False
            raise self._fail("PUT", key, error) from None
        except BotoCoreError as error:
            raise self._fail("PUT", key, error) from None
        return True

    def keys(self, prefix: str) -> Iterator[str]:
        full_prefix = self.prefix + (check_key(prefix.rstrip("/")) + "/" if prefix.strip("/") else "")
        try:
            for page in self._client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=full_prefix):
                for item in page.get("Contents", []):
                    yield item["Key"][len(self.prefix) :]
        except ClientError as error:
            if _code(error) == "NoSuchBucket":
                return
            raise self._fail("LIST", prefix, error) from None
        except BotoCoreError as error:
            raise self._fail("LIST", prefix, error) from None

    def local_path(self, key: str) -> Path | None:
        return None

    def delete(self, key: str) -> None:
        """Remove one object (tests and operators; the archive itself never deletes)."""
        try:
            self._client.delete_object(Bucket=self.bucket, Key=self._key(key))
        except (ClientError, BotoCoreError) as error:
            raise self._fail("DELETE", key, error) from None

    def _ensure_bucket(self) -> None:
        if self._bucket_checked:
            return
        try:
            self._client.head_bucket(Bucket=self.bucket)
        except ClientError as error:
            if _code(error) not in _MISSING | {"NoSuchBucket"}:
                raise self._fail("HEAD bucket", "", error) from None
            try:
                self._client.create_bucket(Bucket=self.bucket)
            except ClientError as create_error:
                if _code(create_error) not in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
                    raise self._fail("CREATE bucket", "", create_error) from None
        except BotoCoreError as error:
            raise self._fail("HEAD bucket", "", error) from None
        self._bucket_checked = True


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))
