# syntax=docker/dockerfile:1
# Production image for Clusterdesk.
#
#   docker build -t clusterdesk .
#   docker compose up -d          (see docker-compose.yml and .env.example)

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# The whole repository (minus what .dockerignore excludes): the Python packages,
# manage.py, templates/, static/ and locale/.
COPY . /app

# Install the project and its dependencies (setuptools, pyproject.toml).
# Remove the in-tree build artefacts so only the installed copy is used as metadata.
# The PostgreSQL client tools serve `manage.py backup` and `manage.py restore`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN pip install --upgrade pip \
    && pip install . \
    && rm -rf build ./*.egg-info

# Collect static files at build time. The settings need these variables to load in
# production mode; the values are dummies used only for this step and are never
# part of the runtime environment.
RUN DJANGO_ENV=production \
    SECRET_KEY=build-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz \
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput

# Run as an unprivileged user. The code and collected static files stay owned by
# root (read-only for the app); Celery beat writes its schedule to /tmp.
RUN groupadd --system --gid 10001 clusterdesk \
    && useradd --system --uid 10001 --gid clusterdesk --no-create-home \
       --home-dir /app --shell /usr/sbin/nologin clusterdesk \
    && mkdir -p /app/media && chown clusterdesk:clusterdesk /app/media
USER clusterdesk

EXPOSE 8000

CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000"]
