# Treadwell bot image: a static Go binary on a distroless base.
#
#   docker build -t treadwell .
#   docker compose up -d        (see docker-compose.yml and .env.example)

# Build stage: the Go version matches go.mod's `go` line.
FROM golang:1.26-alpine AS build
WORKDIR /src

# Module download in its own layer: it is rebuilt only when go.mod or
# go.sum change, not on every source edit.
COPY go.mod go.sum ./
RUN go mod download && go mod verify

COPY . .
# Static binary, no cgo: it runs on an image without libc. The time zone
# database is embedded by the code (internal/localtime imports
# time/tzdata), so people's zones load without /usr/share/zoneinfo.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/bot ./cmd/bot

# Final stage: distroless static, no shell or package manager. It brings
# CA certificates (for rediss:// and the Telegram and Discord APIs over
# HTTPS) and /etc/passwd with the nonroot user 65532.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/bot /bot
USER 65532:65532

# Health and metrics (HTTP_ADDR). The bot's `healthcheck` subcommand
# GETs http://127.0.0.1:8080/healthz, so keep this address in a container.
ENV HTTP_ADDR=:8080
EXPOSE 8080
# Telegram webhook listener (TELEGRAM_LISTEN, webhook mode only).
EXPOSE 8443

# No shell here, so the health check runs the bot's own binary (exec
# form); docker-compose.yml declares the same check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
	CMD ["/bot", "healthcheck"]

ENTRYPOINT ["/bot"]
