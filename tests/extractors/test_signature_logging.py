"""pyHanko's expected warnings (an untrusted chain, a rejected change) stay out of stderr even when
some library has put a handler on the root logger (logging.basicConfig, level NOTSET)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

import extractors.signature  # noqa: F401  (installs the filters)


@pytest.fixture
def root_handler() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logging.root.addHandler(handler)
    try:
        yield stream
    finally:
        logging.root.removeHandler(handler)


def test_an_expected_pyhanko_warning_is_not_printed_by_a_root_handler(root_handler: io.StringIO) -> None:
    try:
        raise ValueError("no path to a trust root")
    except ValueError as error:
        logging.getLogger("pyhanko.sign.validation.generic_cms").warning("Failed to build path", exc_info=error)
    assert root_handler.getvalue() == ""


def test_a_pyhanko_error_still_reaches_the_handlers(root_handler: io.StringIO) -> None:
    logging.getLogger("pyhanko.sign.validation.generic_cms").error("broken")
    assert root_handler.getvalue() == "broken\n"


def test_debug_logging_asked_for_shows_the_demoted_warning(root_handler: io.StringIO) -> None:
    logger = logging.getLogger("pyhanko.sign.validation.generic_cms")
    logger.setLevel(logging.DEBUG)
    try:
        logger.warning("Failed to build path")
    finally:
        logger.setLevel(logging.NOTSET)
    assert root_handler.getvalue() == "Failed to build path\n"
