#!/usr/bin/env bash
# Packs the libraries into a local folder, creates a new console project outside the repository
# that references SockScope.Net from that folder only, puts docs/library.md's first snippet in it
# as Program.cs, and runs it on lo beside three pings of 127.0.0.1 (as root: it captures).
#   scripts/package-smoke.sh [WORK_DIR]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d /tmp/sockscope-package-smoke.XXXXXX)}
mkdir -p "$work"
feed=$work/feed app=$work/app
capture_pid=
cleanup() { [ -n "$capture_pid" ] && kill "$capture_pid" 2>/dev/null || true; }
trap cleanup EXIT

for p in Wire Filter Files Net Analysis; do
    dotnet pack "$repo/src/SockScope.$p" -c Release -o "$feed" --nologo -v q >/dev/null
done
for p in Wire Filter Files Net Analysis; do
    nupkg=$feed/SockScope.$p.0.1.0.nupkg
    [ -f "$nupkg" ] || { echo "missing $nupkg" >&2; exit 1; }
    # Each package carries its README and its XML docs.
    # The listing is read whole first: `unzip | grep -q` under pipefail fails at random when grep
    # stops early and unzip dies of SIGPIPE.
    listing=$(unzip -l "$nupkg")
    grep -q " README.md$" <<<"$listing" || { echo "$nupkg: no README.md" >&2; exit 1; }
    grep -q "lib/net10.0/SockScope.$p.xml$" <<<"$listing" || { echo "$nupkg: no XML docs" >&2; exit 1; }
done

rm -rf "$app"; mkdir -p "$app"
cat > "$app/app.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="SockScope.Net" Version="0.1.0" />
  </ItemGroup>
</Project>
XML
# Only the local folder for SockScope.*; packages of our own version never come from elsewhere.
cat > "$app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources><add key="sockscope-local" value="$feed" /></packageSources>
</configuration>
XML
# The guide's first C# block, verbatim.
awk '/^```csharp$/ { on = 1; next } on && /^```$/ { exit } on { print }' "$repo/docs/library.md" > "$app/Program.cs"
grep -q "LiveCapture.Open" "$app/Program.cs"
dotnet build "$app" -c Release --nologo -v q -p:RestorePackagesPath="$work/packages" >/dev/null
dll=$app/bin/Release/net10.0/app.dll

exec 3< <(timeout 30 dotnet "$dll" lo "icmp and host 127.0.0.1" 2 2>&1)
capture_pid=$!
read -r -t 20 first <&3
echo "$first"
[[ $first == "capturing on lo"* ]]
ping -c 3 -i 0.2 -W 1 127.0.0.1 >/dev/null
lines=$(timeout 20 cat <&3 || true)
echo "$lines"
[ "$(grep -c "Ethernet / Ipv4 / Icmp" <<< "$lines")" -eq 2 ] || { echo "package smoke: expected 2 ICMP packets" >&2; exit 1; }
echo "package smoke: OK ($work)"
