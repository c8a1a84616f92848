"""The people's side: a server-rendered web app for cluster managers and members, and the e-mail sender.

It reads every topic into its own read model and writes only by producing events; no package of the
service imports it (only ``tools/`` launchers do).
"""

from __future__ import annotations

__all__: list[str] = []
