# syntax=docker/dockerfile:1
#
# RODARE-RDM application image: uwsgi (UI and REST API), Celery worker and jobs
# scheduler all run from it (docker-compose.full.yml). See docs/docker.md.
#
# Stages:
#   node     the official Node 20 image, only to copy node and npm from
#   base     Python 3.11 on Debian bookworm with the runtime libraries
#   builder  base + compilers, Node, pipenv: installs Pipfile.lock and uwsgi into
#            /opt/invenio/venv and builds the static files and JavaScript bundles
#   app      base + the venv, the instance folder and the sources, without Node

ARG PYTHON_VERSION=3.11
ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS node

FROM python:${PYTHON_VERSION}-slim-bookworm AS base

ENV WORKING_DIR=/opt/invenio \
    INVENIO_INSTANCE_PATH=/opt/invenio/var/instance \
    VIRTUAL_ENV=/opt/invenio/venv \
    PATH=/opt/invenio/venv/bin:${PATH} \
    LANG=C.UTF-8 \
    LC_ALL=C.UTF-8 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Runtime libraries: ImageMagick's MagickWand for IIIF thumbnails (Wand), cairo for
# cairosvg, fonts for both.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libmagickwand-6.q16-6 \
        libcairo2 \
        fonts-dejavu-core \
        shared-mime-info \
    && rm -rf /var/lib/apt/lists/*

# An unprivileged user in group 0 (works with OpenShift's random uids too), owning the
# instance folder; the data/ and static/ folders become the compose volumes.
RUN useradd --uid 1000 --gid 0 --home-dir ${WORKING_DIR} --no-create-home invenio \
    && mkdir -p ${WORKING_DIR}/src ${INVENIO_INSTANCE_PATH}/data ${INVENIO_INSTANCE_PATH}/static \
    && chown -R invenio:0 ${WORKING_DIR} \
    && chmod -R g=u ${WORKING_DIR}

WORKDIR ${WORKING_DIR}/src


FROM base AS builder

ARG PIPENV_VERSION=2026.10.3
ARG UWSGI_VERSION=2.0.31

RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*

COPY --from=node /usr/local/bin/node /opt/node/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /opt/node/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /opt/node/bin/npm \
    && ln -s ../lib/node_modules/npm/bin/npx-cli.js /opt/node/bin/npx
ENV PATH=/opt/node/bin:${PATH}

# pipenv lives in the base interpreter; with VIRTUAL_ENV set, `--system` installs
# into /opt/invenio/venv. `--deploy` fails if Pipfile.lock is out of date. uwsgi is
# not in the Pipfile (the embedded default does not use it), so it is pinned here.
RUN /usr/local/bin/python -m pip install "pipenv==${PIPENV_VERSION}" \
    && /usr/local/bin/python -m venv ${VIRTUAL_ENV}
COPY Pipfile Pipfile.lock ./
COPY site/ ./site/
RUN pipenv install --deploy --system \
    && pip install "uwsgi==${UWSGI_VERSION}"

# The instance folder, laid out as `invenio-cli install` does, but with copies.
COPY docker/uwsgi/ ${INVENIO_INSTANCE_PATH}/
COPY invenio.cfg ${INVENIO_INSTANCE_PATH}/
COPY templates/ ${INVENIO_INSTANCE_PATH}/templates/
COPY app_data/ ${INVENIO_INSTANCE_PATH}/app_data/
COPY static/ ./static/
COPY assets/ ./assets/
COPY stack/ ./stack/

# Static files and JavaScript bundles: what `invenio collect --verbose && invenio
# webpack buildall` does, run by the same stack command as on the embedded path, so
# that the generated package.json gets the same npm overrides (warcio 2.4.12 is not
# on npm) and the project's assets/ and static/ are copied in after `webpack create`.
# The app refuses to start without a real SECRET_KEY: the build gets a throw-away one
# (this RUN's environment only, not kept in the image; compose sets the real one).
RUN INVENIO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(48))')" \
    python -m stack.instance assets --instance-path ${INVENIO_INSTANCE_PATH} --project . \
    && test -f ${INVENIO_INSTANCE_PATH}/static/dist/manifest.json \
    && rm -rf ${INVENIO_INSTANCE_PATH}/assets /root/.npm /root/.cache /tmp/*


FROM base AS app

COPY --from=builder --chown=invenio:0 ${VIRTUAL_ENV} ${VIRTUAL_ENV}
COPY --from=builder --chown=invenio:0 ${INVENIO_INSTANCE_PATH} ${INVENIO_INSTANCE_PATH}
COPY --from=builder --chown=invenio:0 ${WORKING_DIR}/src ${WORKING_DIR}/src

USER invenio

EXPOSE 5000
ENTRYPOINT ["bash", "-c"]
CMD ["uwsgi /opt/invenio/var/instance/uwsgi_ui.ini"]
