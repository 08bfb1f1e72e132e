#!/bin/sh
# Runs inside `dbus-run-session` for the integration tests: starts a real
# gnome-keyring-daemon (Secret Service) with a login collection unlocked by
# KEYRING_UNLOCK_PASSWORD, waits until the collection answers as `default`, prints
# `READY <session bus address>`, then holds the session until stdin closes.
# Anything going wrong is printed as `FAILED <why>` and the script exits non-zero.
set -u
if ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "FAILED gnome-keyring-daemon is not installed (Debian package gnome-keyring)"
  exit 1
fi
if ! printf '%s' "${KEYRING_UNLOCK_PASSWORD:-test}" \
    | gnome-keyring-daemon --unlock --components=secrets >/dev/null; then
  echo "FAILED gnome-keyring-daemon --unlock did not start"
  exit 1
fi
tries=0
until dbus-send --session --print-reply --dest=org.freedesktop.secrets \
    /org/freedesktop/secrets org.freedesktop.Secret.Service.ReadAlias string:default \
    2>/dev/null | grep -q 'collection/login'; do
  tries=$((tries + 1))
  if [ "$tries" -ge 100 ]; then
    echo "FAILED the Secret Service never offered an unlocked default collection"
    exit 1
  fi
  sleep 0.05
done
echo "READY $DBUS_SESSION_BUS_ADDRESS"
# Hold the session (and with it the bus and the daemon) until the test closes stdin.
cat >/dev/null
