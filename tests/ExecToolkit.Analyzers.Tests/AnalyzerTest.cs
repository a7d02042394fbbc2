extern alias Runtime;

using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace ExecToolkit.Analyzers.Tests;

/// <summary>Runs ExecTemplateAnalyzer on C# code compiled against the built ExecToolkit runtime.</summary>
internal static class AnalyzerTest
{
    /// <summary>No reference-assembly package (nothing to download): <see cref="References"/> are added instead.</summary>
    public static ReferenceAssemblies NoPackage { get; } = new("net10.0-local");

    /// <summary>
    /// The .NET SDK's reference pack for the framework the runtime targets, the built ExecToolkit.dll (its real
    /// attributes, <c>SipExec</c>, <c>CommandTemplate</c>, <c>RequestContext</c>) and the packages it references.
    /// </summary>
    public static ImmutableArray<MetadataReference> References { get; } = BuildReferences();

    public static Task Verify(string source, params (string Path, string Text)[] additionalFiles)
        => Verify(source, [], additionalFiles);

    public static Task Verify(string source, DiagnosticResult[] expected, params (string Path, string Text)[] additionalFiles)
    {
        var test = new CSharpAnalyzerTest<ExecTemplateAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            MarkupOptions = MarkupOptions.TreatPositionIndicatorsAsCode,
            ReferenceAssemblies = NoPackage,
        };
        test.ExpectedDiagnostics.AddRange(expected);
        test.TestState.AdditionalReferences.AddRange(References);
        foreach (var file in additionalFiles)
        {
            test.TestState.AdditionalFiles.Add((file.Path, file.Text));
        }

        return test.RunAsync();
    }

    private static ImmutableArray<MetadataReference> BuildReferences()
    {
        Assembly runtime = typeof(Runtime::ExecToolkit.SipExec).Assembly;
        string framework = FrameworkReferencePack(runtime);
        var references = Directory.GetFiles(framework, "*.dll").Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
        references.Add(MetadataReference.CreateFromFile(runtime.Location));

        // The runtime's own dependencies (Microsoft.Extensions.*) are copied next to it; framework assemblies are not.
        string output = Path.GetDirectoryName(runtime.Location)!;
        foreach (AssemblyName name in runtime.GetReferencedAssemblies())
        {
            string path = Path.Combine(output, name.Name + ".dll");
            if (File.Exists(path))
            {
                references.Add(MetadataReference.CreateFromFile(path));
            }
        }

        return [.. references];
    }

    // <dotnet>/packs/Microsoft.NETCore.App.Ref/<version>/ref/net<major>.<minor>, installed with the SDK: the version of
    // the running framework if present, else the newest one of the runtime's target framework.
    private static string FrameworkReferencePack(Assembly runtime)
    {
        string target = runtime.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()!.FrameworkName;
        var version = new Version(target.Substring(target.IndexOf("=v", StringComparison.Ordinal) + 2));
        string tfm = $"net{version.Major}.{version.Minor}";
        string root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        string packs = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
        string[] candidates = Directory.Exists(packs)
            ? [.. Directory.GetDirectories(packs)
                .Where(d => Directory.Exists(Path.Combine(d, "ref", tfm)))
                .OrderByDescending(d => string.Equals(Path.GetFileName(d), Environment.Version.ToString(), StringComparison.Ordinal))
                .ThenByDescending(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out Version? v) ? v : new Version())]
            : [];
        return candidates.Length > 0
            ? Path.Combine(candidates[0], "ref", tfm)
            : throw new InvalidOperationException($"No {tfm} reference pack under {packs}: the tests need the .NET SDK that builds the runtime.");
    }
}
