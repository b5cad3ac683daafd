# syntax=docker/dockerfile:1
#
# Subsidia container image. One image, three process modes (APP_MODE=all|api|worker).
#
#   docker build -t subsidia .
#   docker run --rm -p 3000:3000 -v subsidia-data:/app/.data subsidia
#
# Without DATABASE_URL the process runs an embedded PostgreSQL (PGlite) in /app/.data:
# mount a volume there or the data is lost with the container. See .env.example for
# every setting and docker-compose.yml for a PostgreSQL + Redis setup.

# Any official Node.js >= 20.19 slim image works (e.g. node:20-bookworm-slim); pinned to
# a patch release so a rebuild runs what was tested.
ARG NODE_IMAGE=node:22.20.0-bookworm-slim

# ---- build: full dependency tree, compile TypeScript to dist/ -------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# swagger-ui-dist pulls in @scarf/scarf, whose install script phones home.
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ---- runtime: production dependencies and compiled output only ------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    SCARF_ANALYTICS=false \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Bank messages are checked against the vendored ISO 20022 schemas at run time.
COPY --from=build /app/vendor ./vendor
# The code stays root-owned (read-only to the app). Writable places for the `node`
# user: the default DATA_DIR (embedded database, local signing key) and /keys, the
# mount point docker-compose.yml uses for the shared local signing key (a new named
# volume takes over the ownership of the directory it is mounted on).
RUN mkdir -p /app/.data /keys && chown node:node /app/.data /keys
USER node
EXPOSE 3000
# Liveness of the HTTP server. A worker-only process has no HTTP server, so there the
# check passes trivially. (docker-compose.yml checks /health/ready for the api.)
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "if (process.env.APP_MODE === 'worker') process.exit(0); fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1))"]
# Not `npm start`: its prestart step would recompile. node runs as PID 1 and handles
# SIGTERM itself (graceful shutdown: requests and jobs in flight finish first).
CMD ["node", "dist/src/main.js"]
