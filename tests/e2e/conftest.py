"""The end-to-end tests' channel is an operations channel: its campaigns are notices (transactional).

The sending tests written before issue 14 push notices ("votre colis arrive demain") and test how a
push is read, costed, sent and followed, at whatever hour the suite runs; on a channel left at the
defaults (promotional, charter 2026) they would be refused at night and without STOP. So the channel
they type in, ``CHANNEL``, is set as a team would set an operations channel: transactional. The
French marketing rules are tested on channels left at the defaults (tests/e2e/test_marketing_rules.py).
"""

from __future__ import annotations

import pytest

from tests.clever_support import operations_channel
from tests.conftest import Relais, RelaisFactory


@pytest.fixture
def relais(relais_factory: RelaisFactory) -> Relais:
    return operations_channel(relais_factory())
