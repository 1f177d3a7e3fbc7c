# The one leerlijn binary; docker-compose.yml runs it as collector and
# processor (and, with --profile demo, as the demo loader).
FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/leerlijn ./cmd/leerlijn

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/leerlijn /usr/local/bin/leerlijn
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/leerlijn"]
CMD ["help"]
