#!/bin/sh
# The core library must stay GTK-free (see DESIGN.md): no GTK or GDK header
# may be included anywhere under src/core.
set -eu
core="$1/src/core"
if grep -rnE '#include[[:space:]]*[<"](gtk|gdk|gsk)/' "$core"; then
  echo "src/core includes GTK headers" >&2
  exit 1
fi
exit 0
