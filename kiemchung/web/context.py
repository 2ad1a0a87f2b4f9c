"""Everything a request needs, built once per app: archive, store, rubric, units, users, decision log."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from core.models import DocumentRecord
from core.rubric import Scheme, default_scheme
from core.units import Registry, find_unit, load_registries
from kiemchung.archive import Archive
from kiemchung.settings import Settings
from kiemchung.stores import EvidenceStore, open_store
from kiemchung.web.accounts import Accounts
from kiemchung.web.audit import AuditLog
from kiemchung.web.config import WebSettings
from kiemchung.web.corrections import apply_corrections
from kiemchung.web.library import RecordLibrary
from kiemchung.web.originals import IntactOriginals
from kiemchung.web.sessions import SessionStore
from kiemchung.web.throttle import LoginThrottle
from kiemchung.web.users import UserStore


@dataclass
class WebContext:
    settings: Settings
    web: WebSettings
    scheme: Scheme = field(default_factory=default_scheme)
    _local: threading.local = field(default_factory=threading.local, repr=False)
    _opened: list[EvidenceStore] = field(default_factory=list, repr=False)
    _shared_store: EvidenceStore | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def home(self) -> Path:
        return self.settings.home

    @cached_property
    def archive(self) -> Archive:
        return Archive(self.home)

    @cached_property
    def originals(self) -> IntactOriginals:
        return IntactOriginals(self.archive)

    @cached_property
    def library(self) -> RecordLibrary:
        return RecordLibrary(self.archive, overlay=self.corrected)

    def corrected(self, record: DocumentRecord) -> DocumentRecord:
        """The archived record with people's corrections laid over it."""
        return apply_corrections(record, self.audit.corrections(record.sha256))

    @cached_property
    def users(self) -> UserStore:
        return UserStore.in_home(self.home)

    @cached_property
    def sessions(self) -> SessionStore:
        return SessionStore.in_home(self.home, hours=self.web.session_hours)

    @cached_property
    def accounts(self) -> Accounts:
        return Accounts(self.users, self.sessions, self.audit)

    @cached_property
    def throttle(self) -> LoginThrottle:
        return LoginThrottle.in_home(self.home)

    @cached_property
    def audit(self) -> AuditLog:
        return AuditLog.in_home(self.home)

    @cached_property
    def registries(self) -> tuple[Registry, ...]:
        return load_registries()

    @property
    def page_cache_dir(self) -> Path:
        return self.settings.cache_dir / "pages"

    def store(self) -> EvidenceStore:
        """The evidence store for this thread. An SQLite connection must stay in its thread; the
        Elasticsearch client is thread-safe and shared."""
        if self.settings.elasticsearch_url:
            with self._lock:
                if self._shared_store is None:
                    self._shared_store = open_store(self.settings)
                    self._opened.append(self._shared_store)
                return self._shared_store
        store: EvidenceStore | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.settings)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def unit_name(self, unit_id: str | None) -> str:
        if not unit_id:
            return ""
        unit = find_unit(unit_id, self.registries)
        return unit.name if unit is not None else unit_id

    def close(self) -> None:
        """Close the stores at shutdown. An SQLite store refuses to be closed from a thread other than
        its own: that one is left to the process exit, which closes its file."""
        with self._lock:
            opened, self._opened = self._opened, []
        for store in opened:
            try:
                store.close()
            except Exception:
                continue
