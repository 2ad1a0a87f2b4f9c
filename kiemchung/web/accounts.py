"""Account changes that end sessions: disable, enable, a new password. Each is recorded on the audit
chain (who changed whom, never the password) and, where it must, revokes the user's sessions. Used
by the admin pages and by `kiemchung users disable|enable|passwd`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiemchung.i18n import _
from kiemchung.web.audit import AuditLog
from kiemchung.web.sessions import SessionStore
from kiemchung.web.users import ROLES, User, UserError, UserStore, check_password, check_user_name


@dataclass
class Accounts:
    users: UserStore
    sessions: SessionStore
    audit: AuditLog

    @classmethod
    def in_home(cls, home: Path) -> Accounts:
        return cls(UserStore.in_home(home), SessionStore.in_home(home), AuditLog.in_home(home))

    def _existing(self, name: str) -> User:
        user = self.users.get(name)
        if user is None:
            raise UserError(_("no user {name}").format(name=name))
        return user

    # Each change is checked, then logged, then made: a chain this machine cannot extend (another
    # key) refuses the change before anything is changed.

    def add(self, name: str, role: str, password: str, *, by: str, replace: bool = False) -> User:
        present = self.users.get(name) is not None
        existed = replace and present
        check_user_name(name)
        if role not in ROLES:
            raise UserError(_("unknown role “{role}” (one of: {roles})").format(role=role, roles=", ".join(ROLES)))
        if present and not replace:
            raise UserError(_("user {name} exists already").format(name=name))
        check_password(password, name)
        self.audit.append_account_event(action="replaced" if existed else "added", name=name, by=by)
        user = self.users.add(name, role, password, replace=replace)
        if existed:
            self.sessions.revoke_user(name)  # the password may have changed
        return user

    def disable(self, name: str, *, by: str) -> int:
        """Disable `name` and end their sessions; returns how many were ended."""
        self._existing(name)
        if name == by:
            raise UserError(_("you cannot disable your own account"))
        self.audit.append_account_event(action="disabled", name=name, by=by)
        self.users.set_disabled(name, True)
        return self.sessions.revoke_user(name)

    def enable(self, name: str, *, by: str) -> None:
        self._existing(name)
        self.audit.append_account_event(action="enabled", name=name, by=by)
        self.users.set_disabled(name, False)

    def set_password(self, name: str, password: str, *, by: str) -> int:
        """A new password (under the policy); every session of `name` ends. Returns how many."""
        self._existing(name)
        check_password(password, name)
        self.audit.append_account_event(action="password changed", name=name, by=by)
        self.users.set_password(name, password)
        return self.sessions.revoke_user(name)
