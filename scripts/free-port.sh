#!/usr/bin/env bash
# Prints a loopback port nothing listens on: the system picks it (bind to port 0).
exec python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
