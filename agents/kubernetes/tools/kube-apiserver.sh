#!/usr/bin/env bash
# Makes working kube-apiserver and kube-controller-manager binaries available and prints the
# kube-apiserver's path (kube-controller-manager lies beside it).
#
# Cached at ${UNICORE_CACHE:-$HOME/.cache/unicore}/kube-apiserver/kube-apiserver. When that file
# exists and answers --version, its path is printed at once. Otherwise the binary is built from
# Debian bookworm's `kubernetes` source package (1.20.2) with Debian's Go, in GOPATH mode, which
# takes about 8-10 minutes on 2 cores (peak ~1.7 GB RSS, ~1.7 GB Go build cache, removed after).
# Needs root for apt-get (adds a deb-src entry for bookworm if none is configured).
# Progress goes to stderr; only the binary's path goes to stdout.
set -euo pipefail

CACHE_ROOT="${UNICORE_CACHE:-$HOME/.cache/unicore}"
OUT_DIR="$CACHE_ROOT/kube-apiserver"
BIN="$OUT_DIR/kube-apiserver"
# kube-controller-manager is built beside it: tests need its garbage collector and workload
# controllers (Deployment -> ReplicaSet -> Pods).
BINARIES=(kube-apiserver kube-controller-manager)

log() { echo "[kube-apiserver.sh $(date +%H:%M:%S)] $*" >&2; }

MISSING=()
for binary in "${BINARIES[@]}"; do
  if ! { [[ -x "$OUT_DIR/$binary" ]] && "$OUT_DIR/$binary" --version >/dev/null 2>&1; }; then
    MISSING+=("$binary")
  fi
done
if [[ ${#MISSING[@]} -eq 0 ]]; then
  echo "$BIN"
  exit 0
fi
log "building ${MISSING[*]}"

export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi

# 1. deb-src entries are needed for `apt-get source`.
if ! grep -Rqs -e '^[[:space:]]*deb-src' -e '^Types:.*deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  log "no deb-src entry found; adding /etc/apt/sources.list.d/unicore-deb-src.sources"
  $SUDO tee /etc/apt/sources.list.d/unicore-deb-src.sources >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi

# 2. Toolchain and the two libraries that replace the vendored (Go >= 1.18-incompatible) copies.
log "apt-get update + install golang-go, reflect2, json-iterator, etcd-server, dpkg-dev"
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq golang-go golang-github-modern-go-reflect2-dev \
  golang-github-json-iterator-go-dev etcd-server dpkg-dev >&2

# 3. Source package.
WORK="$OUT_DIR/build"
rm -rf "$WORK"
mkdir -p "$WORK/src"
log "apt-get source kubernetes into $WORK/src"
(cd "$WORK/src" && apt-get source -qq kubernetes >&2)
SRC_DIR="$(find "$WORK/src" -maxdepth 1 -mindepth 1 -type d -name 'kubernetes-*' | head -n1)"
[[ -n "$SRC_DIR" ]] || { log "apt-get source produced no kubernetes-* directory"; exit 1; }

# 4. GOPATH layout: the tree must be k8s.io/kubernetes (module mode does not build here).
export GOPATH="$WORK/gopath"
export GO111MODULE=off
export GOFLAGS=""
export GOCACHE="$WORK/gocache"
export CGO_ENABLED=0
mkdir -p "$GOPATH/src/k8s.io"
ln -s "$SRC_DIR" "$GOPATH/src/k8s.io/kubernetes"
K="$GOPATH/src/k8s.io/kubernetes"
cd "$K"

# 5. Replace vendored reflect2 1.0.1 / json-iterator 1.1.10 with Debian's newer ones
#    (with Go >= 1.18 the old reflect2 crashes the server on the first custom-resource create).
log "replacing vendored modern-go/reflect2 and json-iterator/go with Debian's"
rm -rf vendor/github.com/modern-go/reflect2 vendor/github.com/json-iterator/go
cp -rL /usr/share/gocode/src/github.com/modern-go/reflect2 vendor/github.com/modern-go/reflect2
cp -rL /usr/share/gocode/src/github.com/json-iterator/go vendor/github.com/json-iterator/go
find vendor/github.com/modern-go/reflect2 vendor/github.com/json-iterator/go -name '*_test.go' -delete

# 6. Version strings (-ldflags -X does not reach these in this layout).
UPSTREAM_VERSION="$(basename "$SRC_DIR" | sed -e 's/^kubernetes-//' -e 's/.*really//')"   # e.g. 1.20.2
MAJOR="${UPSTREAM_VERSION%%.*}"
MINOR="$(echo "$UPSTREAM_VERSION" | cut -d. -f2)"
BUILD_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
for f in staging/src/k8s.io/component-base/version/base.go staging/src/k8s.io/client-go/pkg/version/base.go; do
  sed -i \
    -e "s|^\(\s*gitMajor\s*string\)\s*//|\1 = \"$MAJOR\" //|" \
    -e "s|^\(\s*gitMinor\s*string\)\s*//|\1 = \"$MINOR\" //|" \
    -e "s|^\(\s*gitMajor\s*\(string\s*\)\?=\s*\)\".*\"|\1\"$MAJOR\"|" \
    -e "s|^\(\s*gitMinor\s*\(string\s*\)\?=\s*\)\".*\"|\1\"$MINOR\"|" \
    -e "s|^\(\s*gitVersion\s*\(string\s*\)\?=\s*\)\".*\"|\1\"v$UPSTREAM_VERSION\"|" \
    -e "s|^\(\s*gitTreeState\s*\(string\s*\)\?=\s*\)\".*\"|\1\"clean\"|" \
    -e "s|^\(\s*buildDate\s*\(string\s*\)\?=\s*\)\".*\"|\1\"$BUILD_DATE\"|" \
    "$f"
done
for f in staging/src/k8s.io/component-base/version/base.go staging/src/k8s.io/client-go/pkg/version/base.go; do
  grep -q "\"v$UPSTREAM_VERSION\"" "$f" || { log "could not set the version in $f"; exit 1; }
done

# 7. Generate pkg/generated/openapi/zz_generated.openapi.go with the vendored openapi-gen.
log "building openapi-gen"
go build -o "$WORK/openapi-gen" k8s.io/kubernetes/vendor/k8s.io/kube-openapi/cmd/openapi-gen
log "finding +k8s:openapi-gen packages"
INPUT_DIRS="$(
  find -L pkg cmd plugin vendor -type f -name '*.go' -not -path '*/testdata/*' 2>/dev/null \
    | grep -v -e '^vendor/k8s.io/code-generator/' -e '^vendor/k8s.io/sample-apiserver/' \
    | { xargs grep -l --color=never '^// *+k8s:openapi-gen=' || true; } \
    | xargs -n1 dirname | LC_ALL=C sort -u \
    | sed 's|^|k8s.io/kubernetes/|' | paste -sd, -
)"
[[ -n "$INPUT_DIRS" ]] || { log "found no +k8s:openapi-gen packages"; exit 1; }
log "running openapi-gen on $(echo "$INPUT_DIRS" | tr , '\n' | wc -l) packages"
"$WORK/openapi-gen" --logtostderr -i "$INPUT_DIRS" \
  -p k8s.io/kubernetes/pkg/generated/openapi -O zz_generated.openapi \
  -h vendor/k8s.io/code-generator/hack/boilerplate.go.txt \
  -r "$WORK/openapi-violations.report" 2>"$WORK/openapi-gen.log" \
  || { tail -20 "$WORK/openapi-gen.log" >&2; exit 1; }
[[ -s pkg/generated/openapi/zz_generated.openapi.go ]] || { log "openapi-gen wrote nothing"; exit 1; }

# 8. Build the missing binaries.
for binary in "${MISSING[@]}"; do
  log "go build $binary (the slow part, 2-8 min each on 2 cores)"
  go build -o "$WORK/$binary" "k8s.io/kubernetes/cmd/$binary"
  "$WORK/$binary" --version >&2
  install -m 0755 "$WORK/$binary" "$OUT_DIR/$binary"
done
cd "$OUT_DIR"
rm -rf "$WORK"
log "cached at $BIN"
echo "$BIN"
