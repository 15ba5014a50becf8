#!/usr/bin/env bash
# Builds what a user downloads instead of building from source, into dist/:
#   crmspec-VERSION-TARGET.tar.gz   the static binary (musl: no library needed at run time),
#                                   README, licence, manual pages and shell completions;
#   crmspec_VERSION-1_amd64.deb     the same binary, manual pages and completions (cargo-deb);
#   SHA256SUMS                      the checksum of each file.
# Then proves them: the static binary renders the reference questionnaire, and the package,
# installed with dpkg -i (when run as root), renders it from the PATH.
#
#   release/build.sh            (installs the musl target and cargo-deb when missing)
#   release/build.sh --check    CI's proof that the packaging works: the same steps and checks
#                               for x86_64 only, with the quicker `dist-check` profile
#                               (Cargo.toml), into target/dist-check-out/ instead of dist/
#
# aarch64 is built too when its musl target and a cross linker are installed
# (`rustup target add aarch64-unknown-linux-musl`, Debian's gcc-aarch64-linux-gnu).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=release
dist=dist
if [ "${1:-}" = --check ]; then
  profile=dist-check
  dist=target/dist-check-out
fi
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
# Reproducible archives: the last commit's date, unless the caller sets it.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}"
rm -rf "$dist" target/release-assets
mkdir -p "$dist" target/release-assets/man target/release-assets/completions

targets=(x86_64-unknown-linux-musl)
if [ "$profile" = release ] && command -v aarch64-linux-gnu-gcc >/dev/null && rustup target list --installed 2>/dev/null | grep -q aarch64-unknown-linux-musl; then
  targets+=(aarch64-unknown-linux-musl)
  export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER=aarch64-linux-gnu-gcc
fi
command -v rustup >/dev/null && rustup target add "${targets[@]}" >/dev/null 2>&1 || true
for target in "${targets[@]}"; do
  cargo build --profile "$profile" --locked --target "$target"
  # The release profile keeps line tables for the developers' backtraces; users get the
  # binary without them (115 MB → about 20 MB).
  case "$target" in
    aarch64*) aarch64-linux-gnu-strip "target/$target/$profile/crmspec" ;;
    *) strip "target/$target/$profile/crmspec" ;;
  esac
done
native="target/x86_64-unknown-linux-musl/$profile/crmspec"

# Manual pages (crmspec's and each subcommand's) and completions, from the binary itself.
"$native" man > target/release-assets/man/crmspec.1
for sub in init render serve diff check catalogue grid pack score schema completions; do
  "$native" man "$sub" > "target/release-assets/man/crmspec-$sub.1"
done
gzip -n -9 target/release-assets/man/*.1
"$native" completions bash > target/release-assets/completions/crmspec.bash
"$native" completions zsh > target/release-assets/completions/_crmspec
"$native" completions fish > target/release-assets/completions/crmspec.fish

for target in "${targets[@]}"; do
  name="crmspec-$version-$target"
  stage="target/release-assets/$name"
  rm -rf "$stage" && mkdir -p "$stage"
  cp "target/$target/$profile/crmspec" README.md LICENSE "$stage/"
  cp -r target/release-assets/man target/release-assets/completions "$stage/"
  tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
    -C target/release-assets -cf - "$name" | gzip -n -9 > "$dist/$name.tar.gz"
done

command -v cargo-deb >/dev/null || cargo install cargo-deb --locked
cargo deb --no-build --profile "$profile" --target x86_64-unknown-linux-musl --output "$dist/"
(cd "$dist" && sha256sum -- * > SHA256SUMS)

# Proof: each way of getting crmspec renders the reference (the bundled example in a clone
# without ../shared).
input=specs/velo-horizon.yaml
[ -f ../shared/questionnaire-reference.yaml ] && input=../shared/questionnaire-reference.yaml
check="$(mktemp -d)"
trap 'rm -rf "$check"' EXIT
tar -xzf "$dist/crmspec-$version-x86_64-unknown-linux-musl.tar.gz" -C "$check"
file "$check/crmspec-$version-x86_64-unknown-linux-musl/crmspec" | grep -Eq 'static(-pie)? linked|statically linked' \
  || { echo "the binary is not static" >&2; exit 1; }
"$check/crmspec-$version-x86_64-unknown-linux-musl/crmspec" render "$input" -o "$check/archive" >/dev/null
ls "$check"/archive/*.pdf >/dev/null
if [ "$(id -u)" = 0 ] && command -v dpkg >/dev/null; then
  dpkg -i "$dist"/crmspec_*.deb >/dev/null
  crmspec render "$input" -o "$check/deb" >/dev/null
  ls "$check"/deb/*.pdf >/dev/null
  man -w crmspec >/dev/null 2>&1 || test -f /usr/share/man/man1/crmspec.1.gz
  dpkg -r crmspec >/dev/null
fi
echo "$dist/:"
cat "$dist/SHA256SUMS"
