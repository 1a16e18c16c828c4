# syntax=docker/dockerfile:1
# The dockward image: a static binary (musl) in an empty final stage that
# runs as an unprivileged user. Lint the current directory with
#   docker run --rm -v "$PWD:/src:ro" ghcr.io/dockward/dockward
# The release workflow builds it for linux/amd64 and linux/arm64;
# tests/ship.rs checks that dockward and hadolint find nothing here.

FROM rust:1.90-alpine AS build
# The commit for `dockward --version` (there is no .git in the context).
ARG DOCKWARD_COMMIT=""
WORKDIR /build
COPY . .
RUN DOCKWARD_COMMIT="$DOCKWARD_COMMIT" cargo build --profile dist --locked --bin dockward \
    && cp target/dist/dockward /dockward

FROM scratch
ARG VERSION="0.1.0"
LABEL org.opencontainers.image.title="dockward" \
      org.opencontainers.image.description="A fast security linter for Dockerfiles and Docker Compose files" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.source="https://github.com/dockward/dockward" \
      org.opencontainers.image.url="https://github.com/dockward/dockward" \
      org.opencontainers.image.documentation="https://github.com/dockward/dockward#readme"
COPY --from=build /dockward /usr/local/bin/dockward
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/dockward"]
CMD ["check", "."]
