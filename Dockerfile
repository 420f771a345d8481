# syntax=docker/dockerfile:1
# Gatehouse API image; the worker runs from the same image with `node dist/src/worker.js`.

# Node 22 (22.15 or newer, as package.json "engines" says): ruru, graphile-config and the codegen tooling require it.
FROM node:22-bookworm-slim AS base
# The npm that wrote package-lock.json and honours its "allowScripts" (npm 10 would run every install script).
RUN npm install -g npm@11.19.1 && npm cache clean --force
WORKDIR /app

FROM base AS build
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ormconfig.ts ./
COPY migrations ./migrations
COPY src ./src
RUN npm run build

FROM base AS runtime
ENV NODE_ENV=production \
    PORT=4000 \
    DATA_DIR=/app/.data
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
# Only written when SMTP_URL is unset (mail as .eml files); owned by the user the process runs as.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM itself (drains HTTP, closes the worker and pools, exits 0).
# The heap limit: by default V8 sizes it from the host's memory (4 GB on an 8 GB+ host) and then lets the
# heap grow to several times what is live before a full collection (786 MB of RSS on the read-path bench's
# dashboard case, whose live heap never passed 120 MB). A 384 MB limit keeps 3× that as headroom and makes
# V8 collect early. `npm run bench -- read-path` starts the API with this very command line.
CMD ["node", "--max-old-space-size=384", "dist/src/main.js"]
