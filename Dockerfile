# FinAIlytics: one image with the API server and the built web app.
#   docker build -t finailytics .
#   docker run -p 8000:8000 -e JWT_SECRET=… -e JWT_REFRESH_SECRET=… -v finailytics-data:/data finailytics
# Every instruction here is also run, without Docker, by scripts/docker-build-check.mjs (npm run
# docker:check), so keep to FROM, ARG, ENV, WORKDIR, COPY, RUN, USER, VOLUME, EXPOSE, HEALTHCHECK and
# CMD, with paths under /app and /data.

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV CI=true TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
# Dependencies first, so a change to the source does not reinstall them.
COPY package.json package-lock.json ./
COPY shared/package.json shared/package.json
COPY server/package.json server/package.json
COPY web/package.json web/package.json
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx turbo run build --output-logs=errors-only
# Only production dependencies stay: no bundlers or test tools. (typescript stays: @trpc/server names
# it as a required peer, which npm keeps.)
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8000 DATA_DIR=/data
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/server/package.json ./server/package.json
COPY --from=build /app/server/node_modules ./server/node_modules
COPY --from=build /app/server/dist ./server/dist
COPY --from=build /app/server/drizzle ./server/drizzle
COPY --from=build /app/web/dist ./web/dist
# The embedded database, generated development secrets and the e-mail outbox live here when no
# PostgreSQL server (DATABASE_URL) or SMTP server (SMTP_URL) is configured.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/api/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "server/dist/main.js"]
