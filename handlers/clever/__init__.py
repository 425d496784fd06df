"""Clever Multimedias: ``/push`` (campaigns, M11–M25) and ``/contact`` (account, contacts, users, M1–M10).

The modules, by what they hold:

- ``kit``: the family's kit and blueprint (with ``/push`` and ``/contact`` themselves);
  ``records``: the campaign record and the other kinds kept.
- Sending: ``push_form`` (the one form, both doors), ``push_command`` (declarations), ``push_modal``,
  ``push_draft`` (both read into one draft), ``push_rules`` and ``push_criteria`` (pure
  checks → the typed request), ``push_preview`` (the card's words), ``push_prepare``
  (vendor reads, then the confirmation card), ``push_checks`` (every check about a send:
  ``send_check``, ``push_marketing``), ``push_redraw`` (the card's buttons that redraw it: GSM
  equivalents, opt-out text, next allowed time),
  ``push_optouts`` (opted-out numbers left out, contacts on the list counted and shown),
  ``push_executor`` (Send, then the campaign); ``send_limits`` (the channel's budget and approval on
  the card and again at Send, the audit line of a send), with ``budgets`` (the month's units, the
  80 / 100 % warnings) and ``approval`` (asked in the channel, Approve / Reject).
- After Send: ``watcher`` (the job following a campaign), ``delivery`` and ``timing``
  (counts, rhythm), ``campaign_card``, ``replies``, ``mo_reply`` (the Reply button under an MO),
  ``report`` (the final report),
  ``cancel``, ``push_status`` (status, report, replies, Refresh), ``campaign_list`` (``/push list``,
  with ``campaign_filters``; Duplicate opens ``push_duplicate``), ``push_listings``
  (fields, templates), ``push_shortcuts`` (New campaign, Send as SMS…), ``lookup`` (a reference and
  its family), ``home`` (App Home) and ``home_buttons`` (its New campaign and Find a contact).
- ``/contact``: ``contact_command``, ``contact_modal``, ``contact_rules``, ``contact_calls``,
  ``contact_items`` (a listed contact and its buttons), ``contact_search``, ``contact_import`` (the
  CSV's modal and card; ``contact_import_rules``, ``contact_import_records``, ``contact_import_job``),
  ``contact_optouts`` (the opt-out list, kept by ``optouts``; SMS replies saying STOP feed it
  through ``replies``),
  ``account``, ``users``.

Importing this package runs the declarations, in the order the help shows them.
"""

from __future__ import annotations

# The subcommands are declared as their modules are first imported, and the help lists them in
# that order: these imports keep it (sending, reading, cancelling, listings; contacts, account, users).
# isort: off
from handlers.clever import push_command
from handlers.clever import push_redraw
from handlers.clever import push_status
from handlers.clever import cancel
from handlers.clever import campaign_list
from handlers.clever import mo_reply
from handlers.clever import push_shortcuts
from handlers.clever import push_listings
from handlers.clever import contact_command
from handlers.clever import contact_search
from handlers.clever import contact_import
from handlers.clever import contact_optouts
from handlers.clever import account
from handlers.clever import users
from handlers.clever import home
from handlers.clever import home_buttons

# isort: on
from handlers.clever.kit import CleverKit, clever

__all__ = [
    "CleverKit",
    "account",
    "campaign_list",
    "cancel",
    "clever",
    "contact_command",
    "contact_import",
    "contact_optouts",
    "contact_search",
    "home",
    "home_buttons",
    "mo_reply",
    "push_command",
    "push_listings",
    "push_redraw",
    "push_shortcuts",
    "push_status",
    "users",
]
