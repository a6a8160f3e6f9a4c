#!/usr/bin/env bash
# The Debian packages `make test` needs, checked before anything else (no venv yet):
#   chromium              the browser tests (tests/browser.py)
#   TeX Live, rsvg-convert, poppler and FreeSerif   `make pdf` and its tests (README, "PDF")
#   nodejs, npm           JavaScript tooling at build time (math rendering)
# As root it installs what is missing (apt-get); as another user it stops at once with
# the exact apt-get line to run as root. Nothing missing: it says so and exits 0.
# Usage: bash tools/system-deps.sh [--dry-run]   (--dry-run: print, install nothing)
set -euo pipefail

dry_run=0
if [ "${1:-}" = "--dry-run" ]; then dry_run=1; elif [ $# -gt 0 ]; then
  echo "usage: bash tools/system-deps.sh [--dry-run]" >&2; exit 2
fi

have() { command -v "$1" >/dev/null 2>&1; }
# A package counts as present when dpkg has it installed or what the book uses from it
# is there (a TeX Live or Node installed another way is fine).
debian_has() { have dpkg-query && [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
tex_has() { have kpsewhich && [ -n "$(kpsewhich "$1" 2>/dev/null)" ]; }
# The browser tests' lookup (tests/browser.py, find_chromium): $CHROMIUM, else one of
# chromium, chromium-browser, google-chrome on PATH.
chromium_found() {
  if [ -n "${CHROMIUM:-}" ]; then have "$CHROMIUM"; return; fi
  have chromium || have chromium-browser || have google-chrome
}
present() {
  debian_has "$1" && return 0
  case "$1" in
    chromium) chromium_found ;;
    texlive-xetex) have xelatex ;;
    texlive-latex-extra) tex_has fncychap.sty ;;
    texlive-fonts-recommended) tex_has ptmr8t.tfm ;;
    latexmk) have latexmk ;;
    fonts-freefont-otf) have fc-list && fc-list 2>/dev/null | grep -q FreeSerif ;;
    librsvg2-bin) have rsvg-convert ;;
    poppler-utils) have pdftotext && have pdffonts ;;
    nodejs) have node ;;
    npm) have npm ;;
    *) return 1 ;;
  esac
}

# Chromium with its recommended packages (fonts); the rest without (about 80 MB of TeX).
WITH_RECOMMENDS=(chromium)
NO_RECOMMENDS=(texlive-xetex texlive-latex-extra texlive-fonts-recommended latexmk
               fonts-freefont-otf librsvg2-bin poppler-utils nodejs npm)

missing_with=() missing_without=()
for p in "${WITH_RECOMMENDS[@]}"; do present "$p" || missing_with+=("$p"); done
for p in "${NO_RECOMMENDS[@]}"; do present "$p" || missing_without+=("$p"); done

if [ ${#missing_with[@]} -eq 0 ] && [ ${#missing_without[@]} -eq 0 ]; then
  echo "system-deps: Chromium, TeX Live, rsvg-convert, poppler, FreeSerif and Node are present"
  exit 0
fi

commands=("apt-get update")
[ ${#missing_with[@]} -gt 0 ] && commands+=("apt-get install -y ${missing_with[*]}")
[ ${#missing_without[@]} -gt 0 ] &&
  commands+=("apt-get install -y --no-install-recommends ${missing_without[*]}")
line=$(printf ' && %s' "${commands[@]}"); line=${line:4}

if [ "$(id -u)" -ne 0 ]; then
  {
    echo "system-deps: missing Debian packages: ${missing_with[*]} ${missing_without[*]}"
    echo "Run as root, then make test again:"
    echo "  $line"
  } >&2
  exit 1
fi

echo "system-deps: installing ${missing_with[*]} ${missing_without[*]}" >&2
if [ "$dry_run" -eq 1 ]; then echo "$line"; exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
[ ${#missing_with[@]} -gt 0 ] && apt-get install -y -qq "${missing_with[@]}" >/dev/null
[ ${#missing_without[@]} -gt 0 ] &&
  apt-get install -y -qq --no-install-recommends "${missing_without[@]}" >/dev/null
echo "system-deps: done"
