# Shared by the .ci scripts (sourced, not run): tool versions, paths and small helpers.
# shellcheck shell=bash

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export REPO_ROOT

TRUNK_VERSION=0.21.14
GECKODRIVER_VERSION=0.37.1
TWIGGY_VERSION=0.8.0
CARGO_FUZZ_VERSION=0.13.2
BINARYEN_VERSION=132
ESBUILD_VERSION=0.25.12
# The nightly Rust, pinned by date, that compiles the shipped release build (.ci/release-build)
# and the fuzz targets (.ci/fuzz). Development builds and every test build use stable.
NIGHTLY_TOOLCHAIN=nightly-2026-05-20
# The wasm-bindgen CLI must equal the crate pinned with "=" in Cargo.toml: read it from there.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$REPO_ROOT/Cargo.toml")

# Tools that are not cargo binaries live outside the clone, so a fresh clone reuses them.
TOOLS_DIR=${DOORSTEP_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/doorstep-tools}
export PATH="$TOOLS_DIR/bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# Panic messages in the .wasm name source files; without this their paths would include this
# machine's CARGO_HOME, so the same commit would build to different sizes on different machines.
# Shortened further (rustc applies the last prefix that matches): the registry's directory and
# the standard library's /rustc/<commit>/library/.
RUSTC_COMMIT=$(rustc -vV 2>/dev/null | sed -n 's/^commit-hash: //p')
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src/= --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src/index.crates.io-1949cf8c6b5b557f/= --remap-path-prefix=/rustc/${RUSTC_COMMIT}/library/="
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS

CHROMEDRIVER_BIN=/usr/bin/chromedriver
CHROMIUM_BIN=/usr/bin/chromium
FIREFOX_BIN=/usr/bin/firefox-esr

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }
