# syntax=docker/dockerfile:1
# Multi-stage: build with compilers (better-sqlite3), ship production dependencies only, non-root.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# Node's headers live under /usr/local in this image (the repository's .npmrc points at /usr).
ENV npm_config_nodedir=/usr/local
COPY package.json package-lock.json .npmrc ./
COPY prisma ./prisma
COPY scripts ./scripts
# postinstall generates both Prisma clients (no engine download: see scripts/generate.mjs).
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY commands ./commands
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
# Fonts for the report charts; tini reaps processes and forwards signals.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production PORT=3000
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/generated ./generated
COPY --chown=node:node package.json tsconfig.json ./
COPY --chown=node:node prisma ./prisma
COPY --chown=node:node scripts ./scripts
COPY --chown=node:node src ./src
COPY --chown=node:node commands ./commands
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--import", "tsx", "src/main.ts"]
