#!/usr/bin/env bash
# Copies the screenshots the browser tests took (booking-service/target/ui-screenshots, from the
# last `./mvnw verify` or `-Dtest='BrowserTests,HoldLapseBrowserTests'`) into docs/img/ui, where
# README.md and docs/ui.md show them. Run it after a change to the pages, and commit the images.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../../.." && pwd)"
from="$root/booking-service/target/ui-screenshots"
to="$root/docs/img/ui"
shots=(buyer-search buyer-flight buyer-hold buyer-confirmed buyer-countdown buyer-hold-lapsed buyer-declined
       buyer-sold-out page-bookings-html console-flights console-drift console-flight-cancelled
       page-console-booking-html-id page-console-outbox-html)
mkdir -p "$to"
for shot in "${shots[@]}"; do
  if [[ ! -f "$from/$shot.png" ]]; then
    echo "copy-screenshots.sh: $from/$shot.png is missing: run the browser tests first" >&2
    exit 1
  fi
  cp "$from/$shot.png" "$to/$shot.png"
done
echo "copy-screenshots.sh: ${#shots[@]} screenshots copied to docs/img/ui"
