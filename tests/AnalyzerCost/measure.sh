#!/usr/bin/env bash
# Analyzer cost on a generated project of 2,000 templates: builds the project N times with the ExecToolkit analyzers
# and N times without (RunAnalyzers=false), no incremental reuse (--no-incremental), and prints the median wall times,
# plus the analyzer's own execution time as the compiler reports it (ReportAnalyzer).
# Usage: bash tests/AnalyzerCost/measure.sh [runs]   (run on a quiet machine; needs the solution built in Release)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
# The runtime's build builds the analyzers first (project references that only order the build).
dotnet build src/ExecToolkit -c Release -v:q -nologo >/dev/null
runtime_dll="$PWD/src/ExecToolkit/bin/Release/net10.0/ExecToolkit.dll"
analyzer_dll="$PWD/analyzers/ExecToolkit.Analyzers/bin/Release/netstandard2.0/ExecToolkit.Analyzers.dll"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cat > "$work/Cost.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <Analyzer Include="$analyzer_dll" />
    <Reference Include="$runtime_dll" />
  </ItemGroup>
</Project>
XML

templates=("notify.sh '\$ct' \$rU" "lookup.sh \"\$fU\" \$si \$sp" "archive.sh \"\$\$SIP_HF_CALLID\" '\$ci'" "billing.sh \$(rU{s.len}) '\$(hdr(X-A)[0])'" "echo \"\$\$(date)\" > /tmp/\$(ci).log")
{
  echo "namespace Cost;"
  echo "public static class Templates {"
  for i in $(seq 0 1999); do
    t="${templates[$((i % 5))]}"
    t="${t//\\/\\\\}"; t="${t//\"/\\\"}"
    echo "  public static void M$i(ExecToolkit.SipExec e, ExecToolkit.RequestContext r) => _ = e.ExecMsgAsync(r, \"$t #$i\");"
  done
  echo "}"
} > "$work/Templates.cs"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_build() {
  local start end
  start=$(date +%s.%N)
  dotnet build "$work/Cost.csproj" -c Release --no-incremental -nologo -v:q "$@" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

dotnet build "$work/Cost.csproj" -c Release -nologo -v:q >/dev/null 2>&1 || true   # restore and warm up
with=$(for _ in $(seq "$runs"); do time_build; done | median)
without=$(for _ in $(seq "$runs"); do time_build -p:RunAnalyzers=false; done | median)
report=$(dotnet build "$work/Cost.csproj" -c Release --no-incremental -nologo -v:d -p:ReportAnalyzer=true 2>/dev/null | grep -E "ExecToolkit.Analyzers.ExecTemplateAnalyzer|Total analyzer execution time" | sed 's/^ *//' | head -n 2 || true)

echo "templates: 2000, runs: $runs"
echo "median build with analyzers:    ${with}s"
echo "median build without analyzers: ${without}s"
echo "overhead: $(echo "scale=1; ($with - $without) * 100 / $without" | bc)%"
echo "compiler's report (ReportAnalyzer):"
echo "$report"
