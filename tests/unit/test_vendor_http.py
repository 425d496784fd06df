"""The HTTP layer under the vendor clients: read retries, single writes, outcome classification."""

from __future__ import annotations

import httpx
import pytest

from bot.vendors.errors import Delivery, VendorError
from bot.vendors.http import VendorHTTP
from tests.unit.vendor_mocks import recording


def client(handler: httpx.MockTransport, sleeps: list[float]) -> VendorHTTP:
    return VendorHTTP("test", "Test Vendor", "http://vendor", transport=handler, sleep=sleeps.append)


def sequence(*answers: int | Exception) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    queue = list(answers)

    def handle(request: httpx.Request) -> httpx.Response:
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        headers = {"Retry-After": "2"} if answer == 429 else {}
        return httpx.Response(answer, headers=headers, text="x")

    return recording(handle)


def test_reads_retry_5xx_429_and_connection_errors_with_backoff() -> None:
    transport, seen = sequence(503, 429, 200)
    sleeps: list[float] = []
    assert client(transport, sleeps).read("GET", "/a").status_code == 200
    assert len(seen) == 3 and sleeps == [0.25, 2.0]


def test_reads_give_up_after_three_attempts_and_return_the_last_answer() -> None:
    transport, seen = sequence(503, 503, 503)
    assert client(transport, []).read("GET", "/a").status_code == 503
    assert len(seen) == 3


def test_a_read_that_never_connects_is_a_not_sent_error() -> None:
    transport, _ = sequence(*(httpx.ConnectError("refused") for _ in range(3)))
    with pytest.raises(VendorError) as error:
        client(transport, []).read("GET", "/a")
    assert error.value.delivery is Delivery.NOT_SENT and "cannot be reached" in error.value.plain


def test_writes_are_sent_once_even_on_503() -> None:
    transport, seen = sequence(503)
    assert client(transport, []).write("POST", "/a").status_code == 503
    assert len(seen) == 1


def test_a_write_timeout_after_sending_is_unknown_and_not_retried() -> None:
    transport, seen = sequence(httpx.ReadTimeout("slow"))
    with pytest.raises(VendorError) as error:
        client(transport, []).write("POST", "/a")
    assert len(seen) == 1
    assert error.value.delivery is Delivery.UNKNOWN
    assert "may or may not have been processed" in error.value.plain


def test_a_write_that_never_connects_is_not_sent() -> None:
    transport, _ = sequence(httpx.ConnectTimeout("no route"))
    with pytest.raises(VendorError) as error:
        client(transport, []).write("POST", "/a")
    assert error.value.delivery is Delivery.NOT_SENT and "nothing was sent" in error.value.plain


def test_error_detail_keeps_the_vendor_words() -> None:
    from bot.vendors.cliqphone.errors import CliqphoneError

    error = CliqphoneError("cliqphone", "plain words", status=200, code="0305", message="invalid Numero")
    assert error.detail == "Cliqphone, HTTP 200, code 0305: invalid Numero", "the vendor's name as people know it"


def test_an_unrecognised_answer_after_a_write_is_unknown_and_kept_verbatim() -> None:
    from bot.vendors.errors import Delivery, VendorError, unrecognised_answer

    error = unrecognised_answer(
        VendorError, "acme", "Acme", 200, "<html>\n  <body>Maintenance</body>\n</html>", written=True
    )
    assert error.delivery is Delivery.UNKNOWN
    assert error.message == "<html> <body>Maintenance</body> </html>"
    assert "cannot tell whether it was done" in error.plain
    read = unrecognised_answer(VendorError, "acme", "Acme", 200, "", written=False)
    assert read.delivery is Delivery.NOT_SENT and read.message == "(empty answer)"
