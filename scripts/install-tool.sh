#!/usr/bin/env bash
# Packs mplan as users get it and installs it from that package: `dotnet tool install` picks the self-contained,
# precompiled (composite ReadyToRun) package for linux-x64 / linux-arm64 and the portable one elsewhere. CI and the
# benchmarks run this build. Packing compiles the framework with the app for both runtimes: about 5 minutes.
#
#   scripts/install-tool.sh TOOL_DIR [PACKAGE_DIR]     prints the path of the installed mplan
set -euo pipefail
cd "$(dirname "$0")/.."
tool_dir="${1:?usage: scripts/install-tool.sh TOOL_DIR [PACKAGE_DIR]}"
package_dir="${2:-artifacts/package}"
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' src/Cli/Cli.csproj | head -n 1)"
version="${version:-0.1.0}"
rm -rf "$package_dir"
# Not --no-build: each runtime's package is its own publish (ReadyToRun needs the runtime identifier).
dotnet pack src/Cli -c Release -o "$package_dir" --nologo -v quiet >&2
rm -rf "$tool_dir"
dotnet tool install mplan --tool-path "$tool_dir" --add-source "$package_dir" --version "$version" >&2
echo "$tool_dir/mplan"
