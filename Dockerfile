# mm2-doctor's image. Multi-stage: the build stage compiles TypeScript to dist/ and keeps only the
# production dependencies; the runtime stage has dist/, those dependencies and package.json, runs
# as a non-root user and writes nothing outside its state dir and /tmp (both volumes in
# deploy/deployment.yaml), so a read-only root filesystem works. SIGTERM: the bot stops taking new
# requests, turns /readyz to 503, lets replies in flight finish for slack.shutdownTimeoutSeconds
# and exits (src/slack/app.ts); node runs as PID 1 with its own handlers for SIGTERM and SIGINT.
#
# scripts/image-steps.mjs runs these steps without Docker on a clean clone and checks that the
# started process answers /healthz and /metrics (.ci/run does).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
RUN npm run -s build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["node", "bin/mm2-doctor.js"]
CMD ["serve", "--config", "/etc/mm2-doctor/mm2-doctor.yaml"]
