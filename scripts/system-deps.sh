#!/usr/bin/env bash
# System packages the project needs (Debian/Ubuntu names), in two sets:
#   runtime   what building books needs (`make`):
#     fonts-sil-charis      the PDF's text face (Charis SIL: Latin Extended, Cyrillic, Greek), embedded in the PDF
#     libharfbuzz-subset0   font subsetting for WeasyPrint (smaller PDFs, no deprecation warning)
#     default-jre-headless  Java for EPUBCheck, the bundle's EPUB gate (skipped when a java is already on PATH)
#   test      what the tests add (`make test`):
#     poppler-utils     pdftoppm/pdffonts, to look at and check the PDF
#     chromium          headless browser, to open the bundle's HTML review page and run Ace
#     chromium-driver   WebDriver for chromium: the tests drive `make review` with Selenium
#     groff             GNU troff with gropdf: the tests typeset a chapter with another engine to extract it
#     texlive-latex-base  pdflatex: the tests typeset a chapter with LaTeX (Computer Modern, OT1) to extract it
#     npm               Node.js and npm, to install Ace by DAISY (skipped when npm is already on PATH)
#     fonts-dejavu-core DejaVu Serif, the face the tests' browser-printed chapter names (whatever
#                       other serif faces the machine has)
# Installs what is missing with apt-get when run as root; otherwise prints the exact line to run.
set -euo pipefail
set_name="${1:-runtime}"
need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
case "$set_name" in
  runtime)
    have_pkg fonts-sil-charis || need+=(fonts-sil-charis)
    have_pkg libharfbuzz-subset0 || need+=(libharfbuzz-subset0)
    command -v java >/dev/null || need+=(default-jre-headless)
    ;;
  test)
    command -v pdftoppm >/dev/null || need+=(poppler-utils)
    command -v chromium >/dev/null || need+=(chromium)
    command -v chromedriver >/dev/null || need+=(chromium-driver)
    command -v gropdf >/dev/null || need+=(groff)
    command -v pdflatex >/dev/null || need+=(texlive-latex-base)
    command -v npm >/dev/null || need+=(npm)
    have_pkg fonts-dejavu-core || need+=(fonts-dejavu-core)
    ;;
  *)
    echo "usage: $0 [runtime|test]" >&2
    exit 2
    ;;
esac
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "installing system packages ($set_name): ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "error: missing system packages ($set_name): ${need[*]}" >&2
  echo "       install them with: sudo apt-get install --no-install-recommends ${need[*]}" >&2
  exit 1
fi
