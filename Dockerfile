# syntax=docker/dockerfile:1.7
# One image for the whole system (less drift, one build). The compose services
# choose what to run from it:
#   web       node web/apps/web/server.js            (Next.js standalone server)
#   api       node api/apps/web/dist/api-server.js   (the dedicated API server, tsup bundle)
#   consumer  node apps/consumer/dist/main.js        (tsup bundle)
#   migrate   node packages/db/scripts/deploy.mjs    (creates the database, `prisma migrate deploy`)
#
# Stages: prune (turbo prune: only the workspaces web and consumer need) → build (full install,
# prisma generate, turbo build with NEXT_STANDALONE=1, then the API server's bundle with the files it
# loads) → prod-deps (runtime dependencies of the consumer and the migration tooling) → runtime
# (node:24 slim, non-root). glibc (bookworm), not
# alpine: Next's traced `sharp` ships linux-x64-gnu binaries.
# Checked without a Docker engine: see docs/operations.md ("What was validated here").

# Node 24 LTS (the major in .nvmrc; CI installs the same major when its machine's node is older).
ARG NODE_IMAGE=node:24-bookworm-slim
# The repository's packageManager (package.json). Node 24 ships npm 11 (24.22 ships 11.19.1), but the
# floating node:24 tag may bring another 11.x: installing the pinned npm keeps `npm ci` (root
# `allowScripts`) and the runtime's `npx prisma` on the version the repository was checked with.
ARG NPM_VERSION=11.19.1
ARG TURBO_VERSION=2.11.11

FROM ${NODE_IMAGE} AS base
ARG NPM_VERSION
ENV NEXT_TELEMETRY_DISABLED=1 \
    TURBO_TELEMETRY_DISABLED=1 \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
RUN npm install --global "npm@${NPM_VERSION}" && npm cache clean --force
WORKDIR /app

# ---- prune: a sub-monorepo with just the workspaces web and consumer depend on -----------------
FROM base AS prune
ARG TURBO_VERSION
RUN npm install --global "turbo@${TURBO_VERSION}"
COPY . .
RUN turbo prune @tps/web @tps/consumer --docker --out-dir /out

# ---- build: install everything (layer cached on manifests), generate prisma, build -------------
FROM base AS build
COPY --from=prune /out/json/ ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY --from=prune /out/full/ ./
COPY tsconfig.base.json ./
# NEXT_STANDALONE=1 makes next.config.ts emit .next/standalone (a self-contained server with the
# node_modules it traced). `public/` is optional in the app; create it so the COPY below always works.
RUN mkdir -p apps/web/public \
 && NEXT_STANDALONE=1 npx turbo run build --filter=@tps/web --filter=@tps/consumer \
      --env-mode=loose --output-logs=errors-only
# The API server's bundle keeps its npm packages external. Installing the web workspace's production
# dependencies for it would add Next.js, React and sharp (~460 MB) that it never loads; instead the
# bundle and exactly the files it loads are copied into /out/api (~25 MB), traced as Next traces its
# standalone server.
COPY tools/ops/src/copy-traced-files.mjs /tmp/
RUN node /tmp/copy-traced-files.mjs apps/web/dist/api-server.js /out/api

# ---- prod-deps: what the consumer bundle and the migrate step need at run time -----------------
# The consumer bundle inlines the workspace packages; npm packages stay external. The Prisma CLI is a
# runtime dependency of @tps/db (the migrate step runs it).
FROM base AS prod-deps
COPY --from=prune /out/json/ ./
RUN npm ci --omit=dev --workspace=@tps/consumer --workspace=@tps/db \
 && rm -rf node_modules/@tps \
 && npm cache clean --force

# ---- runtime: the slim base (with its npm for `npx prisma`), no build tools or dev dependencies ---
FROM base AS runtime
ENV NODE_ENV=production \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    CONSUMER_PORT=9464
WORKDIR /app
# Consumer and migration tooling share /app/node_modules.
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/packages/db/package.json /app/packages/db/prisma.config.ts ./packages/db/
COPY --from=build --chown=node:node /app/packages/db/prisma ./packages/db/prisma
COPY --from=build --chown=node:node /app/packages/db/scripts ./packages/db/scripts
COPY --from=build --chown=node:node /app/apps/consumer/package.json ./apps/consumer/
COPY --from=build --chown=node:node /app/apps/consumer/dist ./apps/consumer/dist
# The web server: Next's standalone folder mirrors the monorepo (web/apps/web/server.js, with its
# own traced web/node_modules); static assets and public/ are not part of it and are copied in.
COPY --from=build --chown=node:node /app/apps/web/.next/standalone ./web
COPY --from=build --chown=node:node /app/apps/web/.next/static ./web/apps/web/.next/static
COPY --from=build --chown=node:node /app/apps/web/public ./web/apps/web/public
# The API server: its bundle and the npm files it loads, in their own tree (api/node_modules).
COPY --from=build --chown=node:node /out/api ./api
USER node
EXPOSE 3000 3002 9464
# The image's default is the web server; compose overrides the command for api, consumer and migrate.
CMD ["node", "web/apps/web/server.js"]
