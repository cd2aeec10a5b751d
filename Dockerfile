# syntax=docker/dockerfile:1
# The products-service image. The build stage is a developer machine in miniature: Debian 12 with
# the packages of `scripts/deps.sh build` and the release preset. The runtime stage is Debian 12
# slim with only the shared libraries the three binaries load (worked out from the binaries
# themselves, so the list cannot drift from the build), run as an unprivileged user.
#
#   docker build -t products-service .

FROM debian:bookworm AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
COPY scripts/deps.sh scripts/deps.sh
RUN bash scripts/deps.sh build && rm -rf /var/lib/apt/lists/*
COPY CMakeLists.txt CMakePresets.json ./
COPY cmake cmake
COPY proto proto
COPY src src
COPY tools/CMakeLists.txt tools/create_topics.cpp tools/mongo_init.cpp tools/
COPY tools/dlq tools/dlq
COPY deploy/docker/runtime-packages.sh deploy/docker/runtime-packages.sh
RUN cmake --preset release -DPRODUCTS_BUILD_TESTS=OFF -DPRODUCTS_BUILD_BENCH=OFF \
 && cmake --build --preset release --target products-service create-topics mongo-init products-dlq \
 && install -d /out/bin \
 && install -s build/release/products-service build/release/tools/create-topics \
      build/release/tools/mongo-init build/release/tools/products-dlq /out/bin/ \
 && bash deploy/docker/runtime-packages.sh /out/bin/* >/out/runtime-packages.txt

# Swagger UI's files (npm's swagger-ui-dist, pinned in the script), served under /swagger/.
FROM node:20-bookworm-slim AS swagger-ui
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
COPY scripts/swagger-ui.sh scripts/swagger-ui.sh
COPY api/swagger-initializer.js api/swagger-initializer.js
RUN bash scripts/swagger-ui.sh /out/swagger-ui

FROM debian:bookworm-slim AS runtime
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
COPY --from=build /out/runtime-packages.txt /tmp/runtime-packages.txt
RUN apt-get update \
 && xargs -a /tmp/runtime-packages.txt apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* /tmp/runtime-packages.txt \
 && groupadd --system --gid 10001 products \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin products
COPY --from=build /out/bin/ /usr/local/bin/
COPY deploy/docker/healthcheck.sh /usr/local/bin/products-service-healthcheck
# The service reads config/config.yaml and api/openapi.yaml relative to its working directory;
# Swagger UI's files from http.swagger_ui_dir.
WORKDIR /app
COPY config/config.yaml config/config.yaml
COPY api/openapi.yaml api/openapi.yaml
COPY --from=swagger-ui /out/swagger-ui swagger-ui
ENV HTTP_SWAGGER_UI_DIR=/app/swagger-ui
USER 10001:10001
# REST (with /healthz, /readyz, /swagger), gRPC, Prometheus metrics: config/config.yaml's ports.
EXPOSE 5007 5555 7070
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/products-service-healthcheck"]
ENTRYPOINT ["/usr/local/bin/products-service"]
CMD ["--config", "/app/config/config.yaml"]
