# syntax=docker/dockerfile:1
# One image for every Akhbar process (API, workers, beat, Flower, migrations); the
# command picks the role. Built and run as in docker-compose.yml and deploy/.
#
# Two stages: the builder has a compiler for any dependency that ships no wheel for
# the target platform (on x86-64 every pin has a manylinux wheel today), the runtime
# stage only receives the finished virtualenv, so no compiler ships in the image.

ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS builder
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# Unpinned on purpose (hadolint DL3008): Debian replaces point versions, so a pin would
# break the build; the compiler only builds wheels and never ships in the runtime stage.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential \
 && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# Dependencies first, alone: this layer is reused until requirements.txt changes.
COPY requirements.txt ./
RUN pip install -r requirements.txt
# Then the project itself, installed (not editable) so the runtime needs no source tree.
COPY pyproject.toml ./
COPY api ./api
COPY workers ./workers
COPY pipeline ./pipeline
COPY storage ./storage
COPY schemas ./schemas
COPY cli ./cli
RUN pip install --no-deps .

FROM ${PYTHON_IMAGE} AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    AKHBAR_DATA_DIR=/var/lib/akhbar/var \
    AKHBAR_METRICS_PORT=9808
# A fixed numeric uid so Kubernetes' runAsNonRoot can verify it without a passwd lookup.
RUN groupadd --system --gid 10001 akhbar \
 && useradd --system --uid 10001 --gid akhbar --home-dir /var/lib/akhbar --create-home \
      --shell /usr/sbin/nologin akhbar
COPY --from=builder /opt/venv /opt/venv
# The working directory is the only writable place the processes need (beat's schedule
# file, the data dir); the code lives read-only in the virtualenv's site-packages.
WORKDIR /var/lib/akhbar
USER 10001:10001
EXPOSE 8000 5555 9808
# No secrets here: every AKHBAR_* setting comes from the environment at run time.
CMD ["uvicorn", "api.app:app", "--host", "0.0.0.0", "--port", "8000"]
