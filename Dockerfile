# The kiemchung image: the CLI, the web app and the Prefect flows, with Tesseract (Vietnamese),
# poppler and LibreOffice Writer (Word attachments → PDF). docker-compose.yml runs it as the Prefect
# worker and as the web app.
# libtesseract's line images written as stored PNGs (extractors/png_stored.py): a small C library,
# compiled where a compiler is; the slim image below only loads it.
FROM python:3.11-bookworm AS native
COPY extractors/png_stored.py /build/extractors/png_stored.py
COPY extractors/native/png_stored.c /build/extractors/native/png_stored.c
RUN python /build/extractors/png_stored.py

FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    OMP_THREAD_LIMIT=1 \
    KIEMCHUNG_HOME=/data/kiemchung

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-vie poppler-utils fonts-dejavu-core fonts-liberation \
      libreoffice-writer-nogui fonts-noto-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Dependencies first (cached while only the code changes), then the code.
COPY pyproject.toml README.md ./
RUN mkdir -p kiemchung extractors flows samples \
 && touch kiemchung/__init__.py extractors/__init__.py flows/__init__.py samples/__init__.py \
 && pip install -e . \
 && rm -rf kiemchung extractors flows samples
# The code, the rubrics and the index mappings, read from /app at run time (editable install).
COPY . .
COPY --from=native /build/extractors/native/build/ extractors/native/build/
RUN pip install -e . --no-deps \
 && useradd --system --uid 10001 --home-dir /data kiemchung \
 && mkdir -p /data/kiemchung /config \
 && chown -R kiemchung /data

USER kiemchung
VOLUME ["/data/kiemchung"]
EXPOSE 8000
CMD ["kiemchung", "--help"]
