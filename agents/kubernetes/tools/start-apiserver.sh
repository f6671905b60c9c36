#!/usr/bin/env bash
# Starts a real Kubernetes API server on loopback for tests:
#   start-apiserver.sh DIR          (or: start-apiserver.sh start DIR)
#   start-apiserver.sh stop DIR
#
# start: Debian's etcd (etcd-server) on 127.0.0.1 with free ports, then kube-apiserver (from
# kube-apiserver.sh beside this file, cached after its one ~8-10 min build) against it on
# 127.0.0.1, with a generated CA + serving certificate, a service-account key pair, a static token
# file (one admin token in group system:masters) and RBAC. Waits until /readyz answers, then prints
#   server: https://127.0.0.1:PORT
#   token: TOKEN
#   ca: DIR/pki/ca.crt
#   etcd-pid: PID
#   apiserver-pid: PID
# The same values are written to DIR/env (shell syntax) and DIR/kubeconfig.
# Logs: DIR/etcd.log, DIR/kube-apiserver.log. Extra kube-apiserver flags: $KUBE_APISERVER_EXTRA_ARGS.
# kube-controller-manager runs beside them (garbage collector, Deployment/ReplicaSet/Job
# controllers, service accounts); log DIR/kube-controller-manager.log.
# stop: kills all three processes (by the pids recorded in DIR) and waits for them to end.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ACTION=start
case "${1:-}" in
  start|stop) ACTION="$1"; shift ;;
esac
DIR="${1:?usage: start-apiserver.sh [start|stop] DIR}"
if [[ "${2:-}" == stop || "${2:-}" == start ]]; then ACTION="$2"; fi
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"

log() { echo "[start-apiserver.sh $(date +%H:%M:%S)] $*" >&2; }

stop_pid() {
  local pidfile="$1" pid
  [[ -f "$pidfile" ]] || return 0
  pid="$(cat "$pidfile")"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

if [[ "$ACTION" == stop ]]; then
  stop_pid "$DIR/kube-controller-manager.pid"
  stop_pid "$DIR/kube-apiserver.pid"
  stop_pid "$DIR/etcd.pid"
  log "stopped"
  exit 0
fi

if [[ -f "$DIR/kube-apiserver.pid" ]] && kill -0 "$(cat "$DIR/kube-apiserver.pid")" 2>/dev/null; then
  log "already running in $DIR (stop it first: $0 stop $DIR)"; exit 1
fi

APISERVER="$("$HERE/kube-apiserver.sh")"
if ! command -v etcd >/dev/null; then
  log "installing etcd-server"
  apt-get install -y -qq etcd-server >&2 || { apt-get update -qq >&2; apt-get install -y -qq etcd-server >&2; }
fi
ETCD="$(command -v etcd)"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
USED_PORTS=""
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 40000 ))
    [[ " $USED_PORTS " == *" $p "* ]] && continue
    if ! port_in_use "$p"; then USED_PORTS="$USED_PORTS $p"; echo "$p"; return 0; fi
  done
  log "no free port found"; return 1
}
ETCD_CLIENT_PORT="$(free_port)"; USED_PORTS="$USED_PORTS $ETCD_CLIENT_PORT"
ETCD_PEER_PORT="$(free_port)"; USED_PORTS="$USED_PORTS $ETCD_PEER_PORT"
API_PORT="$(free_port)"

# --- keys, certificates, token -------------------------------------------------------------
PKI="$DIR/pki"
mkdir -p "$PKI"
if [[ ! -f "$PKI/ca.crt" ]]; then
  log "generating CA, serving certificate and service-account key pair in $PKI"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=unicore-test-ca" \
    -keyout "$PKI/ca.key" -out "$PKI/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
    -keyout "$PKI/apiserver.key" -out "$PKI/apiserver.csr" 2>/dev/null
  printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local" \
    "extendedKeyUsage=serverAuth" "keyUsage=digitalSignature,keyEncipherment" > "$PKI/apiserver.ext"
  openssl x509 -req -in "$PKI/apiserver.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -days 3650 -extfile "$PKI/apiserver.ext" -out "$PKI/apiserver.crt" 2>/dev/null
  openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
  openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
fi
if [[ ! -f "$DIR/tokens.csv" ]]; then
  echo "$(openssl rand -hex 24),admin,admin,\"system:masters\"" > "$DIR/tokens.csv"
  chmod 600 "$DIR/tokens.csv"
fi
TOKEN="$(head -n1 "$DIR/tokens.csv" | cut -d, -f1)"

# --- etcd -----------------------------------------------------------------------------------
log "starting etcd on 127.0.0.1:$ETCD_CLIENT_PORT"
rm -rf "$DIR/etcd-data"
setsid "$ETCD" --name unicore --data-dir "$DIR/etcd-data" \
  --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
  --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "unicore=http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster-state new \
  </dev/null >"$DIR/etcd.log" 2>&1 &
ETCD_PID=$!
echo "$ETCD_PID" > "$DIR/etcd.pid"
for i in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$ETCD_CLIENT_PORT/health" 2>/dev/null | grep -q '"health":"true"'; then break; fi
  if ! kill -0 "$ETCD_PID" 2>/dev/null; then log "etcd exited:"; tail -20 "$DIR/etcd.log" >&2; exit 1; fi
  [[ $i == 100 ]] && { log "etcd not healthy after 20 s"; tail -20 "$DIR/etcd.log" >&2; stop_pid "$DIR/etcd.pid"; exit 1; }
  sleep 0.2
done

# --- kube-apiserver -------------------------------------------------------------------------
log "starting kube-apiserver on 127.0.0.1:$API_PORT"
# shellcheck disable=SC2086
setsid "$APISERVER" \
  --etcd-servers "http://127.0.0.1:$ETCD_CLIENT_PORT" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API_PORT" \
  --cert-dir "$PKI" --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
  --client-ca-file "$PKI/ca.crt" \
  --token-auth-file "$DIR/tokens.csv" --authorization-mode RBAC \
  --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-cluster-ip-range 10.0.0.0/24 --allow-privileged=true \
  ${KUBE_APISERVER_EXTRA_ARGS:-} \
  </dev/null >"$DIR/kube-apiserver.log" 2>&1 &
API_PID=$!
echo "$API_PID" > "$DIR/kube-apiserver.pid"
START=$(date +%s)
for i in $(seq 1 300); do
  if curl -fsS --cacert "$PKI/ca.crt" -H "Authorization: Bearer $TOKEN" \
      "https://127.0.0.1:$API_PORT/readyz" 2>/dev/null | grep -q '^ok$'; then break; fi
  if ! kill -0 "$API_PID" 2>/dev/null; then
    log "kube-apiserver exited:"; tail -30 "$DIR/kube-apiserver.log" >&2; stop_pid "$DIR/etcd.pid"; exit 1
  fi
  [[ $i == 300 ]] && { log "kube-apiserver not ready after 60 s"; tail -30 "$DIR/kube-apiserver.log" >&2
                       stop_pid "$DIR/kube-apiserver.pid"; stop_pid "$DIR/etcd.pid"; exit 1; }
  sleep 0.2
done
log "ready after $(( $(date +%s) - START )) s"

SERVER="https://127.0.0.1:$API_PORT"
write_kubeconfig() {
cat > "$DIR/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
- name: unicore
  cluster: {server: "$SERVER", certificate-authority: "$PKI/ca.crt"}
users:
- name: admin
  user: {token: "$TOKEN"}
contexts:
- name: unicore
  context: {cluster: unicore, user: admin, namespace: default}
current-context: unicore
KC
}
write_kubeconfig

# --- kube-controller-manager ----------------------------------------------------------------
# Its garbage collector deletes owned objects, its workload controllers turn Deployments into
# ReplicaSets and Pods, and its service-account controller creates each namespace's `default`.
# It serves nothing (--port 0, --secure-port 0); one instance, so no leader election.
log "starting kube-controller-manager"
setsid "$(dirname "$APISERVER")/kube-controller-manager" \
  --kubeconfig "$DIR/kubeconfig" --leader-elect=false --port 0 --secure-port 0 \
  --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
  --use-service-account-credentials=false --cluster-name unicore-test \
  --concurrent-gc-syncs 5 \
  </dev/null >"$DIR/kube-controller-manager.log" 2>&1 &
CM_PID=$!
echo "$CM_PID" > "$DIR/kube-controller-manager.pid"
for i in $(seq 1 100); do
  if curl -fsS --cacert "$PKI/ca.crt" -H "Authorization: Bearer $TOKEN" \
      "$SERVER/api/v1/namespaces/default/serviceaccounts/default" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$CM_PID" 2>/dev/null; then
    log "kube-controller-manager exited:"; tail -30 "$DIR/kube-controller-manager.log" >&2
    stop_pid "$DIR/kube-apiserver.pid"; stop_pid "$DIR/etcd.pid"; exit 1
  fi
  [[ $i == 100 ]] && { log "no default service account after 20 s"; tail -30 "$DIR/kube-controller-manager.log" >&2
                       stop_pid "$DIR/kube-controller-manager.pid"; stop_pid "$DIR/kube-apiserver.pid"; stop_pid "$DIR/etcd.pid"; exit 1; }
  sleep 0.2
done
log "controllers running after $(( $(date +%s) - START )) s"

cat > "$DIR/env" <<ENV
KUBE_SERVER=$SERVER
KUBE_TOKEN=$TOKEN
KUBE_CA=$PKI/ca.crt
ETCD_PID=$ETCD_PID
APISERVER_PID=$API_PID
CONTROLLER_MANAGER_PID=$CM_PID
ENV
echo "server: $SERVER"
echo "token: $TOKEN"
echo "ca: $PKI/ca.crt"
echo "etcd-pid: $ETCD_PID"
echo "apiserver-pid: $API_PID"
echo "controller-manager-pid: $CM_PID"
