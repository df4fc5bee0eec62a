# film2131: the API and the pages in one Node.js process.
# .ci/run repeats this file's `RUN npm …` lines and its CMD in a clean copy of the repository
# (no Docker engine there), so keep those lines plain shell and the CMD in exec form.
# Node.js 24, the current LTS (Node 20 reached its end of life in April 2026); package.json's
# engines lists every line the project runs on (20.19+, 22.13+, 24+).
FROM node:24-bookworm-slim

WORKDIR /app
ENV HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data

# Dependencies first, so a code change does not reinstall them. Dev dependencies stay: the build
# needs esbuild, and the server serves Leaflet from node_modules/leaflet at run time.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY . .
RUN npm run build:web
# Only now: with NODE_ENV=production set before it, `npm ci` would leave the dev dependencies out.
ENV NODE_ENV=production

# Run as the image's unprivileged `node` user; it owns only the embedded database's folder
# (used when DATABASE_URL is unset).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]

EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node is PID 1 and receives SIGTERM itself: the server stops accepting, finishes in-flight
# requests, closes the pool and exits 0.
CMD ["node", "--import", "tsx", "server/main.ts"]
