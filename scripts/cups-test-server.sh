#!/usr/bin/env bash
# Start a private, throw-away CUPS scheduler with a cups-pdf queue for the printing tests
# (Debian's cups + printer-driver-cups-pdf). Everything lives under /tmp/registry-test-cups-PORT;
# the machine's own CUPS (if any) is left alone. Needs root: cupsd runs its backends as root and
# cups-pdf reads its configuration from /etc/cups (one file per instance: cups-pdf-PORT.conf).
# Usage: eval "$(scripts/cups-test-server.sh start [PORT])"
#          -> exports CUPS_SERVER (the clients lp/lpstat/Qt/our IPP client talk to this one),
#             REGISTRY_TEST_CUPS_QUEUE (the queue) and REGISTRY_TEST_CUPS_OUT (where PDFs land)
#        scripts/cups-test-server.sh stop [PORT]
set -euo pipefail
PORT=${2:-56631}
STATE=/tmp/registry-test-cups-$PORT
QUEUE=registry-test-pdf
PDFCONF=/etc/cups/cups-pdf-rt$PORT.conf
case "${1:-start}" in
  start)
    for tool in cupsd lpadmin lpstat; do
      command -v "$tool" >/dev/null || { echo "cups-test-server: $tool missing (apt-get install cups cups-client cups-bsd printer-driver-cups-pdf)" >&2; exit 3; }
    done
    [ -x /usr/lib/cups/backend/cups-pdf ] || { echo "cups-test-server: printer-driver-cups-pdf missing" >&2; exit 3; }
    mkdir -p "$STATE"/{spool,cache,state,log,out,tmp}
    chmod 1777 "$STATE/tmp" "$STATE/out"
    cat >"$STATE/cups-files.conf" <<EOF
ServerRoot $STATE
RequestRoot $STATE/spool
CacheDir $STATE/cache
StateDir $STATE/state
TempDir $STATE/tmp
AccessLog $STATE/log/access_log
ErrorLog $STATE/log/error_log
PageLog $STATE/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
User lp
Group lp
SystemGroup root lpadmin
EOF
    cat >"$STATE/cupsd.conf" <<EOF
Listen 127.0.0.1:$PORT
LogLevel info
# Finished jobs stay listed long enough for the client to read their final state.
PreserveJobHistory Yes
MaxJobs 0
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
    # cups-pdf: "cups-pdf:/rtPORT" reads cups-pdf-rtPORT.conf; the output goes to our directory.
    cat >"$PDFCONF" <<EOF
Out $STATE/out
AnonDirName $STATE/out
Label 1
TitlePref 1
Grp root
DecodeHexStrings 1
EOF
    if ! { [ -f "$STATE/cupsd.pid" ] && kill -0 "$(cat "$STATE/cupsd.pid")" 2>/dev/null; }; then
      cupsd -f -c "$STATE/cupsd.conf" -s "$STATE/cups-files.conf" >>"$STATE/log/cupsd.out" 2>&1 &
      echo $! >"$STATE/cupsd.pid"
      # `lpstat -r` exits 0 even while the scheduler is still starting: wait for the port.
      for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
        sleep 0.1
      done
    fi
    export CUPS_SERVER=127.0.0.1:$PORT
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || { echo "cups-test-server: cupsd did not start, see $STATE/log" >&2; exit 4; }
    lpadmin -p "$QUEUE" -v "cups-pdf:/rt$PORT" -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd \
      -o printer-error-policy=abort-job -E >&2
    echo "export CUPS_SERVER=127.0.0.1:$PORT"
    echo "export REGISTRY_TEST_CUPS_QUEUE=$QUEUE"
    echo "export REGISTRY_TEST_CUPS_OUT=$STATE/out"
    echo "export REGISTRY_TEST_CUPS_PDFCONF=$PDFCONF"
    ;;
  stop)
    if [ -f "$STATE/cupsd.pid" ]; then
      kill "$(cat "$STATE/cupsd.pid")" 2>/dev/null || true
      rm -f "$STATE/cupsd.pid"
    fi
    rm -f "$PDFCONF"
    ;;
esac
