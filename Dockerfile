# Gridwork on Node 20. Used by docker-compose.yml with a PostGIS server.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx vite build
ENV HOST=0.0.0.0 PORT=8080
EXPOSE 8080
CMD ["npx", "tsx", "server/index.ts"]
