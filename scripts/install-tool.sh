#!/usr/bin/env bash
# Packs mplan as users get it and installs it from that package: `dotnet tool install` picks the package for its
# machine. linux-x64 gets a Native AOT binary, linux-arm64 a self-contained composite ReadyToRun build (there is no
# arm64 cross toolchain here), anything else the portable framework-dependent one. CI and the benchmarks run this
# build. Native AOT links with clang: installed when missing (as root or with sudo). About 6 minutes in all.
#
#   scripts/install-tool.sh TOOL_DIR [PACKAGE_DIR]     prints the path of the installed mplan
set -euo pipefail
cd "$(dirname "$0")/.."
tool_dir="${1:?usage: scripts/install-tool.sh TOOL_DIR [PACKAGE_DIR]}"
package_dir="${2:-artifacts/package}"
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' src/Cli/Cli.csproj | head -n 1)"
version="${version:-0.1.0}"

if ! command -v clang >/dev/null 2>&1 || ! command -v ld.lld >/dev/null 2>&1 || [ ! -e /usr/include/zlib.h ]; then
  as_root=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "packing the Native AOT tool needs clang, lld and zlib1g-dev: install them (as root)" >&2; exit 1; }
    as_root="sudo"
  fi
  echo "installing the Native AOT toolchain (clang, lld, zlib1g-dev)" >&2
  $as_root apt-get update >&2
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y clang lld zlib1g-dev >&2
fi

rm -rf "$package_dir" src/Cli/bin/Release/net10.0/*/publish  # a package takes all of its publish folder, stale files too
# The pointer package, the portable one and linux-arm64's; not --no-build: each runtime's package is its own publish.
dotnet pack src/Cli -c Release -o "$package_dir" --nologo -v quiet >&2
# Native AOT packages are packed one runtime at a time: this replaces the linux-x64 package the first pack made.
dotnet pack src/Cli -c Release -r linux-x64 -o "$package_dir" --nologo -v quiet >&2
rm -rf "$tool_dir"
dotnet tool install mplan --tool-path "$tool_dir" --add-source "$package_dir" --version "$version" >&2
echo "$tool_dir/mplan"
