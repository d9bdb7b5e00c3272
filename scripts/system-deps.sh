#!/usr/bin/env bash
# System packages the project needs (Debian/Ubuntu names). Installs them with apt-get when run as
# root and they are missing; otherwise says exactly what to install.
#   fonts-sil-charis  the PDF's text face (Charis SIL: Latin Extended, Cyrillic, Greek), embedded in the PDF
#   libharfbuzz-subset0  font subsetting for WeasyPrint (smaller PDFs, no deprecation warning)
#   poppler-utils     pdftoppm/pdffonts, used by the tests to look at and check the PDF
#   chromium          headless browser, used by the tests to open the bundle's HTML review page
#   chromium-driver   WebDriver for chromium: the tests drive `make review` with Selenium
#   groff             GNU troff with gropdf: the tests typeset a chapter with another engine to extract it
#   texlive-latex-base  pdflatex: the tests typeset a chapter with LaTeX (Computer Modern, OT1) to extract it
#   default-jre-headless  Java for EPUBCheck (skipped when a java is already on PATH)
#   npm               Node.js and npm, to install Ace by DAISY (skipped when npm is already on PATH)
set -euo pipefail
need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
have_pkg fonts-sil-charis || need+=(fonts-sil-charis)
have_pkg libharfbuzz-subset0 || need+=(libharfbuzz-subset0)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v gropdf >/dev/null || need+=(groff)
command -v pdflatex >/dev/null || need+=(texlive-latex-base)
command -v java >/dev/null || need+=(default-jre-headless)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "error: missing system packages: ${need[*]}" >&2
  echo "       install them with: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
