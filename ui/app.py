"""teplovoda's web app: ``streamlit run ui/app.py``.

One app for three kinds of user: engineers build and run scenarios, programme staff read the costed
comparison, operators watch their sites live. The sidebar switches the language (Ukrainian,
English); when users are configured (:mod:`teplovoda.ui.auth`) the app asks them to sign in and shows the
pages of their role, otherwise it runs open for local use and says so.

A page is one line in :data:`PAGES`: its file in ``ui/app_pages/``, its title's i18n key, its
icon and the roles that see it.
"""

from __future__ import annotations

import logging
import math
import secrets
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from teplovoda.ui import auth, i18n
from teplovoda.ui.i18n import t

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageSpec:
    path: str  # relative to this file
    title_key: str
    icon: str
    roles: tuple[str, ...]


PAGES = [
    PageSpec("app_pages/scenario.py", "page.scenario", ":material/water_drop:", ("engineer",)),
    PageSpec("app_pages/compare.py", "page.compare", ":material/balance:", ("engineer", "programme")),
    PageSpec("app_pages/portfolio.py", "page.portfolio", ":material/map:", ("engineer", "programme")),
    PageSpec("app_pages/live.py", "page.live", ":material/sensors:", ("engineer", "operator")),
]


def _language() -> None:
    """The language switch; the session starts in ``?lang=``, ``TEPLOVODA_APP_LANG`` or Ukrainian."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = i18n.initial_language(st.query_params.get("lang"))
    st.sidebar.radio(t("app.language"), list(i18n.LANGUAGES), format_func=i18n.LANGUAGES.get, horizontal=True, key="lang")


def _signed_in_user(users: dict[str, auth.User]) -> auth.User | None:
    """The session's user, or None after showing the sign-in form."""
    user = st.session_state.get("user")
    if user is not None and user.name in users and users[user.name] == user:
        with st.sidebar:
            st.caption(t("auth.signed_in", name=user.name, role=t(f"role.{user.role}")))
            if st.button(t("auth.sign_out"), key="sign_out"):
                del st.session_state["user"]
                st.rerun()
        return user
    st.title(t("app.title"))
    with st.form("sign_in"):
        st.subheader(t("auth.title"))
        name = st.text_input(t("auth.name"), key="sign_in_name")
        password = st.text_input(t("auth.password"), type="password", key="sign_in_password")
        submitted = st.form_submit_button(t("auth.sign_in"), type="primary")
    if submitted:
        client = _client()
        result = auth.sign_in(users, name, password, client)
        if result.user is not None:
            st.session_state["user"] = result.user
            st.rerun()
        elif not result.checked:
            st.error(t("auth.throttled", wait=_wait(result.wait_s)))
        else:
            logger.warning("failed sign-in for %r from %s", name, client)
            st.error(t("auth.failed_wait", wait=_wait(result.wait_s)) if result.wait_s > 0 else t("auth.failed"))
    return None


def _client() -> str:
    """Who is signing in, for the sign-in throttle: the connection's address; on a loopback connection
    (a reverse proxy on this machine) the address the proxy appended to ``X-Forwarded-For``; else a
    token of this browser session (a new session gets a new one, so the per-user-name throttle is
    what holds there)."""
    address = st.context.ip_address
    if isinstance(address, str) and address:  # (AppTest gives no connection: not a str there)
        return address
    forwarded = st.context.headers.get("X-Forwarded-For")
    if isinstance(forwarded, str) and forwarded.split(",")[-1].strip():
        return forwarded.split(",")[-1].strip()
    if "sign_in_client" not in st.session_state:
        st.session_state["sign_in_client"] = f"session {secrets.token_hex(8)}"
    return st.session_state["sign_in_client"]


def _wait(seconds: float) -> str:
    """A wait as the user reads it: whole seconds up to two minutes, then whole minutes (rounded up)."""
    if seconds < 120:
        return f"{math.ceil(seconds)}\u00a0{i18n.unit('s')}"
    return f"{math.ceil(seconds / 60)}\u00a0{i18n.unit('min')}"


FAVICON = Path(__file__).parent / "assets" / "favicon.png"


def main() -> None:
    # a local image: a Material icon as page_icon makes every page fetch it from fonts.gstatic.com (fails offline)
    st.set_page_config(page_title="teplovoda", page_icon=str(FAVICON), layout="wide")
    _language()
    try:
        users = auth.configured_users()
    except auth.AuthConfigError as exc:
        st.error(t("auth.config_error", message=str(exc)))
        st.stop()
    if users is None:
        role = "engineer"
        st.sidebar.info(t("auth.open"), icon=":material/lock_open:")
    else:
        user = _signed_in_user(users)
        if user is None:
            st.stop()
        role = user.role
    pages = [st.Page(p.path, title=t(p.title_key), icon=p.icon) for p in PAGES if role in p.roles]
    if not pages:
        st.warning(t("auth.no_pages", role=t(f"role.{role}")))
        st.stop()
    st.navigation(pages).run()


main()
