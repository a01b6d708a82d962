#!/bin/sh
# Check reports against a running `missingreport serve` with curl.
#
#   missingreport serve                          # loopback, port 8000, no token
#   sh examples/http/validate.sh examples/reports/clean.json
#
# Environment: MISSINGREPORT_URL (default http://127.0.0.1:8000), MISSINGREPORT_TOKEN
# (when the server was started with --token-file), AS_OF (default: now).
# Exit status: 0 no error-level finding, 1 there is, 2 the request failed.
set -eu

url="${MISSINGREPORT_URL:-http://127.0.0.1:8000}"
file="${1:?usage: validate.sh REPORT.json|REPORTS.jsonl|EXPORT.csv}"

case "$file" in
  *.jsonl) route=check;    type=application/x-ndjson ;;
  *.csv)   route=check;    type=text/csv ;;
  *)       route=validate; type=application/json ;;
esac

query=""
if [ -n "${AS_OF:-}" ]; then
  # as_of in ISO 8601; "+" must travel as %2B in a query string.
  query="?as_of=$(printf '%s' "$AS_OF" | sed 's/+/%2B/g; s/:/%3A/g')"
fi

set -- --silent --show-error --fail-with-body \
  --header "Content-Type: $type" --data-binary "@$file"
if [ -n "${MISSINGREPORT_TOKEN:-}" ]; then
  set -- "$@" --header "Authorization: Bearer $MISSINGREPORT_TOKEN"
fi

answer="$(curl "$@" "$url/v1/$route$query")" || { printf '%s\n' "$answer" >&2; exit 2; }
printf '%s\n' "$answer"

# The summary counts findings by severity; any error-level finding fails the script.
case "$answer" in
  *'"error": 0,'*) exit 0 ;;
  *) exit 1 ;;
esac
