#!/usr/bin/env bash
# The image's HEALTHCHECK: healthy when GET /readyz answers 200. The runtime image has no curl, so
# the request goes over bash's /dev/tcp. The port follows HTTP_PORT as the service does.
set -euo pipefail
port="${HTTP_PORT:-5007}"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 2 status <&3
[[ "$status" == "HTTP/1."?" 200 "* ]]
