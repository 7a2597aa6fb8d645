"""Recovering from a lost signing-key passphrase: a new office key without the old passphrase.

The passphrase is never stored, so when nobody remembers it the office key can never sign
again. :meth:`RecoveryService.replace_lost_key` retires the locked key (it stays in the trust
store, so every certificate it signed stays verifiable here and at other offices that trusted
it) and creates a new key under a new passphrase, in one audited transaction. What it returns
tells the administrator what follows (docs/user/recovery.md): the other offices need a new
trust file, and because the old key cannot sign it they must confirm the new key's
fingerprint by phone (``keys import-trust --accept-new-keys``); certificates signed by the old
key need re-issuing only if the key itself may have been stolen (then revoke and annotate).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.errors import InvalidInput
from app.models import Certificate
from app.services.audit import append_audit
from app.services.base import Service
from app.services.key_service import KeyInfo, _info, _now, active_own_key, create_office_key


@dataclass(frozen=True)
class KeyReplacement:
    new_key: KeyInfo
    retired_key_id: str
    current_certificates: int  # signed by the retired key, neither revoked nor superseded


class RecoveryService(Service):
    def replace_lost_key(self, new_passphrase: str, office_code_confirm: str,
                         today: date | None = None) -> KeyReplacement:
        """Retire the office key whose passphrase was lost and create a new one (role
        ``keys.manage``). ``office_code_confirm`` must repeat the office's code: this cannot
        be undone, and a typing slip must not do it."""
        self.require("keys.manage")
        with self.db.session_scope() as s:
            old = active_own_key(s)
            if old is None:
                raise InvalidInput("recovery_no_key", field="passphrase")
            if office_code_confirm.strip().upper() != old.office_code.upper():
                raise InvalidInput("recovery_confirm_mismatch", field="office_code",
                                   expected=old.office_code)
            now = _now()
            old.retired_at = old.valid_until = now
            s.flush()
            new = create_office_key(s, self.actor, new_passphrase, old.office_code,
                                    old.office_name)
            current = int(s.scalar(select(func.count()).select_from(Certificate).where(
                Certificate.key_id == old.key_id, Certificate.revoked_at.is_(None),
                Certificate.superseded_at.is_(None),
                Certificate.window_end >= (today or date.today()))) or 0)
            append_audit(s, self.actor, "key_replaced_lost_passphrase", "issuer_key", new.key_id,
                         {"retired": old.key_id, "current_certificates_of_retired": current})
            return KeyReplacement(_info(new), old.key_id, current)
