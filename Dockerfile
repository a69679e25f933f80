# The production image: the same commands a user runs by hand (see README "Production").
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PRODUCTION=1
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir --upgrade pip && pip install --no-cache-dir .
COPY . .
COPY --from=assets /src/node_modules ./node_modules
RUN mkdir -p static/vendor/designsystemet static/vendor/axe-core \
 && cp node_modules/@digdir/designsystemet-css/dist/src/index.css static/vendor/designsystemet/index.css \
 && cp node_modules/@digdir/designsystemet-theme/brand/digdir.css static/vendor/designsystemet/theme.css \
 && python -m core.compile_messages \
 && SECRET_KEY=build-only-secret-key-build-only-secret-key-build-only ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 app && mkdir -p var/media && chown -R app var
USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
