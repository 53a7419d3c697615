# One image for every role: `samverka serve` (default), `samverka projector`,
# `samverka scheduler`, `samverka mail listen`, ... (the health check fits `serve`;
# compose.yaml turns it off for the other roles).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SAMVERKA_HOST=0.0.0.0 \
    SAMVERKA_DATABASE_URL=sqlite:////data/samverka.db \
    SAMVERKA_OUTBOX_DIR=/data/outbox

WORKDIR /app
RUN useradd --create-home --uid 10001 samverka && mkdir -p /data && chown samverka /data

# Install exactly as the Makefile does: pinned by constraints.txt.
COPY pyproject.toml constraints.txt README.md ./
COPY domain ./domain
COPY projections ./projections
COPY services ./services
COPY adapters ./adapters
COPY scheduler ./scheduler
COPY samverka ./samverka
RUN python -m venv /opt/venv \
    && /opt/venv/bin/python -m pip install --no-cache-dir --upgrade "pip>=24" \
    && /opt/venv/bin/python -m pip install --no-cache-dir -c constraints.txt .
ENV PATH=/opt/venv/bin:$PATH

USER samverka
VOLUME ["/data"]
EXPOSE 8000 2525
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz').status==200 else 1)"
ENTRYPOINT ["samverka"]
CMD ["serve"]
