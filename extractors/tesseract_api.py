"""Tesseract inside the process, through the C API of libtesseract — the library the `tesseract`
command runs on — so that a language model loads once per process and a page goes over as pixels.

Running the command once per page (pytesseract) cost a PNG encode of the page (0.5 s at 300 dpi),
a process start, a model load and the command's own PNG decode: as much again as the recognition.
The results are the command's: the same library and data, the same parameters, the same TSV and
text renderers (`tests/extractors/test_tesseract_api.py` compares them).

An engine is kept per thread, language and set of parameters; Tesseract's own messages
("Estimating resolution as …") go to /dev/null as the command's stderr did.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import os
import threading
from collections.abc import Mapping
from functools import cache
from typing import NamedTuple

from PIL import Image

from extractors import png_stored

_POINTER = ctypes.c_void_p
_TEXT = ctypes.POINTER(ctypes.c_char)
TSV_COLUMNS = (
    "level",
    "page_num",
    "block_num",
    "par_num",
    "line_num",
    "word_num",
    "left",
    "top",
    "width",
    "height",
    "conf",
    "text",
)


# TsvWord's names of the columns that say which of Tesseract's lines a row is in
_LINE_COLUMNS = (("block", "block_num"), ("paragraph", "par_num"), ("line", "line_num"))
_LEPTONICA_SEVERITY_NONE = 6  # L_SEVERITY_NONE in leptonica's environ.h


class TesseractError(RuntimeError):
    """Tesseract could not be loaded, could not load a language, or gave up on an image."""


@cache
def _library() -> ctypes.CDLL:
    # OpenMP reads its limit once, when the library loads: one thread per engine, as the pool wants
    os.environ["OMP_THREAD_LIMIT"] = "1"
    name = ctypes.util.find_library("tesseract") or "libtesseract.so.5"
    leptonica = _leptonica()
    if leptonica is not None:  # before libtesseract loads, so that it binds to the stored-PNG writer
        png_stored.install(leptonica)
    try:
        library = ctypes.CDLL(name)
    except OSError as error:
        raise TesseractError(f"libtesseract not found ({name}): install tesseract-ocr") from error
    signatures: dict[str, tuple[list[object], object]] = {
        "TessBaseAPICreate": ([], _POINTER),
        "TessBaseAPIDelete": ([_POINTER], None),
        "TessBaseAPIEnd": ([_POINTER], None),
        "TessBaseAPIInit3": ([_POINTER, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
        "TessBaseAPISetVariable": ([_POINTER, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
        "TessBaseAPISetPageSegMode": ([_POINTER, ctypes.c_int], None),
        "TessBaseAPISetImage": (
            [_POINTER, ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int],
            None,
        ),
        "TessBaseAPISetSourceResolution": ([_POINTER, ctypes.c_int], None),
        "TessBaseAPIRecognize": ([_POINTER, _POINTER], ctypes.c_int),
        "TessBaseAPIGetTsvText": ([_POINTER, ctypes.c_int], _TEXT),
        "TessBaseAPIGetUTF8Text": ([_POINTER], _TEXT),
        "TessBaseAPIClear": ([_POINTER], None),
        "TessDeleteText": ([_TEXT], None),
        "TessMonitorCreate": ([], _POINTER),
        "TessMonitorDelete": ([_POINTER], None),
        "TessMonitorSetDeadlineMSecs": ([_POINTER, ctypes.c_int], None),
        "TessBaseAPIDetectOrientationScript": (
            [
                _POINTER,
                ctypes.POINTER(ctypes.c_int),
                ctypes.POINTER(ctypes.c_float),
                ctypes.POINTER(ctypes.c_char_p),
                ctypes.POINTER(ctypes.c_float),
            ],
            ctypes.c_int,
        ),
    }
    for function, (arguments, result) in signatures.items():
        getattr(library, function).argtypes = arguments
        getattr(library, function).restype = result
    if leptonica is not None:
        _silence_leptonica(leptonica)
    return library


def _leptonica() -> ctypes.CDLL | None:
    """Leptonica, the image library under libtesseract (the same file: loaded by the same name)."""
    name = ctypes.util.find_library("lept") or ctypes.util.find_library("leptonica") or "liblept.so.5"
    try:
        return ctypes.CDLL(name)
    except OSError:  # under another name: libtesseract still loads it itself
        return None


def _silence_leptonica(leptonica: ctypes.CDLL) -> None:
    """Leptonica prints its internal complaints ('Error in boxClipToRectangle: box outside
    rectangle') straight to stderr, between the command's own lines; Tesseract's results and return
    codes already say whether a page was read, so its messages are switched off."""
    try:
        leptonica.setMsgSeverity.argtypes = [ctypes.c_int]
        leptonica.setMsgSeverity.restype = ctypes.c_int
    except AttributeError:  # a Leptonica without the call
        return
    leptonica.setMsgSeverity(_LEPTONICA_SEVERITY_NONE)


class Engine:
    """One initialised Tesseract (a language, fixed parameters). Not thread-safe: one per thread."""

    def __init__(self, language: str, variables: Mapping[str, str]) -> None:
        self._lib = _library()
        self._handle = self._lib.TessBaseAPICreate()
        self._set("debug_file", "/dev/null")
        if self._lib.TessBaseAPIInit3(self._handle, None, language.encode()) != 0:
            self.close()
            raise TesseractError(f"Tesseract could not load language {language!r}")
        for name, value in variables.items():
            if not self._set(name, value):
                self.close()
                raise TesseractError(f"unknown Tesseract parameter {name!r}")

    def _set(self, name: str, value: str) -> bool:
        return bool(self._lib.TessBaseAPISetVariable(self._handle, name.encode(), value.encode()))

    def _recognise(
        self, image: Image.Image, page_segmentation_mode: int, timeout_seconds: float, resolution: int | None
    ) -> None:
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        channels = len(image.getbands())
        pixels = image.tobytes()
        self._lib.TessBaseAPISetPageSegMode(self._handle, page_segmentation_mode)
        self._lib.TessBaseAPISetImage(self._handle, pixels, image.width, image.height, channels, image.width * channels)
        if resolution is not None:
            self._lib.TessBaseAPISetSourceResolution(self._handle, resolution)
        monitor = self._lib.TessMonitorCreate()
        try:
            self._lib.TessMonitorSetDeadlineMSecs(monitor, int(timeout_seconds * 1000))
            if self._lib.TessBaseAPIRecognize(self._handle, monitor) < 0:
                self._lib.TessBaseAPIClear(self._handle)
                raise TesseractError(f"Tesseract gave up on the image (time limit {timeout_seconds:.0f} s)")
        finally:
            self._lib.TessMonitorDelete(monitor)

    def _take_text(self, text: ctypes._Pointer[ctypes.c_char]) -> str:
        try:
            return ctypes.string_at(text).decode("utf-8", errors="replace") if text else ""
        finally:
            if text:
                self._lib.TessDeleteText(text)
            self._lib.TessBaseAPIClear(self._handle)

    def tsv(
        self, image: Image.Image, page_segmentation_mode: int, timeout_seconds: float, resolution: int | None = None
    ) -> str:
        self._recognise(image, page_segmentation_mode, timeout_seconds, resolution)
        return self._take_text(self._lib.TessBaseAPIGetTsvText(self._handle, 0))

    def text(
        self, image: Image.Image, page_segmentation_mode: int, timeout_seconds: float, resolution: int | None = None
    ) -> str:
        self._recognise(image, page_segmentation_mode, timeout_seconds, resolution)
        return self._take_text(self._lib.TessBaseAPIGetUTF8Text(self._handle))

    def orientation(self, image: Image.Image, resolution: int | None = None) -> tuple[int, float] | None:
        """Tesseract's orientation and script detection (`--psm 0`; the engine must be made for the
        `osd` language): the clockwise turn the image's text shows (0, 90, 180 or 270 degrees) and
        its confidence, or None where it found too little text to tell."""
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        channels = len(image.getbands())
        self._lib.TessBaseAPISetImage(
            self._handle, image.tobytes(), image.width, image.height, channels, image.width * channels
        )
        if resolution is not None:
            self._lib.TessBaseAPISetSourceResolution(self._handle, resolution)
        degrees, confidence = ctypes.c_int(0), ctypes.c_float(0.0)
        script, script_confidence = ctypes.c_char_p(), ctypes.c_float(0.0)
        try:
            found = self._lib.TessBaseAPIDetectOrientationScript(
                self._handle,
                ctypes.byref(degrees),
                ctypes.byref(confidence),
                ctypes.byref(script),
                ctypes.byref(script_confidence),
            )
        finally:
            self._lib.TessBaseAPIClear(self._handle)
        return (degrees.value % 360, float(confidence.value)) if found else None

    def close(self) -> None:
        if self._handle:
            self._lib.TessBaseAPIEnd(self._handle)
            self._lib.TessBaseAPIDelete(self._handle)
            self._handle = None


_local = threading.local()
_every_engine: list[Engine] = []
_every_engine_lock = threading.Lock()


def engine(language: str, variables: Mapping[str, str] | None = None) -> Engine:
    """This thread's engine for `language` with `variables` set (made on first use)."""
    key = (language, tuple(sorted((variables or {}).items())))
    engines: dict[tuple[str, tuple[tuple[str, str], ...]], Engine] = _local.__dict__.setdefault("engines", {})
    if key not in engines:
        made = Engine(language, dict(key[1]))
        engines[key] = made
        with _every_engine_lock:
            _every_engine.append(made)
    return engines[key]


@atexit.register
def _close_every_engine() -> None:
    """Engines are freed before the interpreter exits (Tesseract warns of leaks otherwise)."""
    with _every_engine_lock:
        for made in _every_engine:
            made.close()
        _every_engine.clear()


class TsvWord(NamedTuple):
    """One row of Tesseract's TSV: numbers as whole numbers (the confidence truncated, as pytesseract
    gave it: records did not change when it was replaced). `block`, `paragraph` and `line` are the
    row's `block_num`, `par_num` and `line_num`: the words of one line Tesseract found share all three."""

    level: int
    left: int
    top: int
    width: int
    height: int
    conf: int
    text: str
    block: int = 0
    paragraph: int = 0
    line: int = 0


def image_to_data(
    image: Image.Image,
    language: str,
    page_segmentation_mode: int,
    timeout_seconds: float,
    variables: Mapping[str, str] | None = None,
) -> list[TsvWord]:
    """Every row of `tesseract … tsv` (pages, blocks, lines and words, with their boxes)."""
    tsv = engine(language, variables).tsv(image, page_segmentation_mode, timeout_seconds)
    rows = []
    for line in tsv.splitlines():
        cells = line.split("\t")
        if len(cells) != len(TSV_COLUMNS):
            continue
        row = dict(zip(TSV_COLUMNS, cells, strict=True))
        numbers = {name: int(float(row[name])) for name in ("level", "left", "top", "width", "height", "conf")}
        line_ids = {name: int(row[column]) for name, column in _LINE_COLUMNS}
        rows.append(TsvWord(**numbers, text=row["text"], **line_ids))
    return rows


def image_to_string(
    image: Image.Image,
    language: str,
    page_segmentation_mode: int,
    timeout_seconds: float,
    variables: Mapping[str, str] | None = None,
    resolution: int | None = None,
) -> str:
    """The image's text, as `tesseract … txt` writes it. `resolution` (pixels per inch) is what the
    command reads from an image file's header: without it Tesseract assumes 70 ppi until it has
    measured the text, and sizes the windows of its adaptive thresholdings (methods 1, 2) by that."""
    return engine(language, variables).text(image, page_segmentation_mode, timeout_seconds, resolution)
