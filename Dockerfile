# syntax=docker/dockerfile:1
# fincore image: compiled JavaScript on the current Node LTS, production dependencies only,
# running as the unprivileged `node` user.
#   docker build -t fincore .
#   docker run --rm -p 3000:3000 -e DATABASE_URL=postgres://... -e JWT_PRIVATE_KEY_FILE=/run/secrets/jwt_private_key ... fincore
# CLI inside the image (npm run cli needs tsx, a dev dependency, so call the compiled entry):
#   docker run --rm <same env> fincore node dist/src/cli/main.js migrate

ARG NODE_IMAGE=node:22-bookworm-slim

# Toolchain for native addons: argon2 ships prebuilt binaries for linux x64/arm64 (glibc), and
# node-gyp compiles it from source on any platform without one.
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# No install-time analytics calls from dependencies.
ENV SCARF_ANALYTICS=false

# Compile TypeScript (src, migrations) with the full dependency set.
FROM toolchain AS build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json knexfile.ts ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# Production dependencies only, installed apart so no dev tool reaches the runtime image.
FROM toolchain AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/tmp/fincore
WORKDIR /app
# Code and dependencies stay owned by root: the service user can read them, never change them.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
EXPOSE 3000
# Liveness only: readiness (database, cache) is for load balancers, and a restart would not fix them.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const r=require('http').get({host:'127.0.0.1',port:process.env.PORT||3000,path:'/health/live',timeout:2000},s=>process.exit(s.statusCode===200?0:1));r.on('timeout',()=>r.destroy(new Error('timeout')));r.on('error',()=>process.exit(1))"]
# main.ts drains on SIGTERM: readiness fails at once, the listener closes after SHUTDOWN_DRAIN_MS,
# in-flight requests finish, then exit 0. Give `docker stop -t` more than SHUTDOWN_DRAIN_MS + 10 s.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
