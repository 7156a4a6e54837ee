#!/bin/sh
# Re-records every real capture of docs/conformance.md ("Observatory: real captures") into OUT
# (default /work/realhttp), graded by httpobs 0.9.3. Needs a Python with httpobs (PYTHON, default
# bench/.venv/bin/python) and bare clones of the source repositories under MIRROR (default
# /work/.mirror, laid out as owner+name/repo, as the `fetch` tool leaves them).
# Usage: scripts/real-http-record-all.sh [OUT]
set -eu
OUT=${1:-/work/realhttp}
PYTHON=${PYTHON:-bench/.venv/bin/python}
MIRROR=${MIRROR:-/work/.mirror}
cd "$(dirname "$0")/.."

record() { # repo commit path name tool [--explain TEST PARAPET REFERENCE WHY]
  repo=$1 commit=$2 path=$3 name=$4 tool=$5
  shift 5
  "$PYTHON" scripts/real-http-record.py --git "$MIRROR/$(echo "$repo" | tr / +)/repo" --repo "$repo" \
    --commit "$commit" --path "$path" --name "$name" --tool "$tool" --out "$OUT" "$@"
}

PX=c9f22741d20bdb171b695de66fe2614d43fdb961   # sitespeedio/pagexray
HV=579969c6bb5537e0ddb358c6a273325eed16fe18                           # janodvarko/harviewer
MP=8fc25b3045934777b0796d8ec7958bbc257d7bb5                           # mitmproxy/mitmproxy
record sitespeedio/pagexray $PX test/files/redirect/aftonbladet.se-redirecting-to-www.har aftonbladet-http-to-www "WebPageTest (Chrome)"
record sitespeedio/pagexray $PX test/files/contentTypes/ferguson.har ferguson "chrome-har (Chrome)"
record sitespeedio/pagexray $PX test/files/http/http1.1-firefox.har sitespeed-io-firefox "Firefox HAR export"
record sitespeedio/pagexray $PX test/files/http/spdy-chrome.har wikipedia-org-browsertime "Browsertime (Chrome)"
record sitespeedio/pagexray $PX test/files/redirect/arcelormittal.com.har arcelormittal "chrome-har (Chrome)"
record sitespeedio/pagexray $PX test/files/redirect/mousel.lu.har mousel-lu "chrome-har (Chrome)"
record sitespeedio/pagexray $PX test/files/redirect/mytoys.de.har mytoys-checkout "chrome-har (Chrome)"
record sitespeedio/pagexray $PX test/files/redirect/www.etat.lu.har etat-lu "chrome-har (Chrome)"
record sitespeedio/pagexray $PX test/files/sitespeed/browsertime-recalculate-style.har wikpedia-org-redirect "chrome-har (Chrome)"
record janodvarko/harviewer $HV selenium/tests/hars/issue-61/firefox47.har gitgrimbo-firefox47 "Firefox 47 HAR export"
record janodvarko/harviewer $HV selenium/tests/hars/issue-61/ie11.har gitgrimbo-ie11 "Internet Explorer 11 Network Inspector"
record janodvarko/harviewer $HV selenium/tests/hars/www-cnn-com.har cnn-fiddler "Fiddler 2.3"
record janodvarko/harviewer $HV webapp/examples/softwareishard.com.har softwareishard-firebug "Firebug (Firefox)"
record janodvarko/harviewer $HV selenium/tests/hars/issue-21/get-empty-post-data.har react-docs-firefox "Firefox HAR export"
record janodvarko/harviewer $HV webapp/examples/google.com.har google-cz-firebug "Firebug (Firefox)"
record mitmproxy/mitmproxy $MP test/mitmproxy/data/har_files/charles.har mitmproxy-org-charles "Charles Proxy"
record mitmproxy/mitmproxy $MP test/mitmproxy/data/har_files/chrome.har mitmproxy-org-chrome-304 "Chrome DevTools (WebInspector)" \
  --explain subresource-integrity sri-not-implemented-but-all-scripts-loaded-from-secure-origin \
    sri-not-implemented-response-not-html "the captured navigation is a 304 without Content-Type; httpobs \
(algorithm 2) calls a missing Content-Type not HTML, the MDN algorithm (5/6) Parapet implements parses \
the body; the real MDN Observatory gives Parapet's result for the same page's 200 (shared case mitmproxy-org-safari)"
record mitmproxy/mitmproxy $MP test/mitmproxy/data/har_files/insomnia.har mitm-it-insomnia "Insomnia REST Client"
record mitmproxy/mitmproxy $MP test/mitmproxy/data/flows/successful_log.har example-com-mitmproxy "mitmproxy HAR export"
WC=2a797aa8c6d67e70966ce9d1a690208ab250fbe7   # webrecorder/warcio (WARC files; the Python also needs PyPI warcio)
record webrecorder/warcio $WC test/data/example.warc example-com-warc "warcprox / webrecorder.io WARC"
record webrecorder/warcio $WC test/data/example-iana.org-chunked.warc iana-org-warc-chunked "warcprox 1.4 / webrecorder.io 2.0 WARC"
CC=a70c06aec83b6d45d14d594db4f2f4254d4f52ce   # sitespeedio/coach-core
record sitespeedio/coach-core $CC test/har/files/withHtmlContent.har wikimediafoundation-chrome "chrome-har (Chrome)"
record sitespeedio/coach-core $CC test/har/files/cpuTime.har cnet-chrome "chrome-har (Chrome)"
record sitespeedio/coach-core $CC test/har/files/cssSize2.har ryanair-wpt "WebPageTest (Chrome)"
record sitespeedio/coach-core $CC test/har/files/compressAssets2.har lansstyrelsen-firefox "Firefox HAR export"
record sitespeedio/coach-core $CC test/har/files/headerSize2.har interiordesignshow-firefox "Firefox HAR export"
record sitespeedio/coach-core $CC test/har/files/referrerPolicy.har sitespeed-io-referrer-chrome "chrome-har (Chrome)"
record sitespeedio/coach-core $CC test/har/files/strictTransportSecurityHeader.har nytimes-https-wpt "WebPageTest (Chrome)"
