"""pdfium is not thread-safe: every pdfium call in a process goes through this one lock."""

import threading

PDFIUM_LOCK = threading.RLock()
