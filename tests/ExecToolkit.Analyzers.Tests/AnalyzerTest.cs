using System.Threading.Tasks;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace ExecToolkit.Analyzers.Tests;

/// <summary>Runs ExecTemplateAnalyzer on C# code against .NET 8 reference assemblies and a stub of the ExecToolkit API.</summary>
internal static class AnalyzerTest
{
    // The analyzer recognises the API by name: a stub keeps the tests independent of the runtime's target framework.
    public const string Api = """
        namespace ExecToolkit
        {
            using System.Threading;
            using System.Threading.Tasks;
            public enum ExpansionMode { ShellSafe, Verbatim }
            public sealed class RequestContext { public string CurrentUri => ""; public Sip.SipRequest Request => null!; }
            public sealed class ExecResult { }
            public sealed class CommandTemplate { public static CommandTemplate Parse(string template) => null!; }
            public sealed class SipExec
            {
                public ValueTask<ExecResult> ExecDsetAsync(RequestContext request, string template, object? call = null, CancellationToken cancellationToken = default) => default;
                public ValueTask<ExecResult> ExecMsgAsync(RequestContext request, string template, object? call = null, CancellationToken cancellationToken = default) => default;
                public ValueTask<ExecResult> ExecAvpAsync(RequestContext request, string template, string? avpList = null, object? call = null, CancellationToken cancellationToken = default) => default;
                public ValueTask<ExecResult> ExecCmdAsync(RequestContext? request, string template, object? call = null, CancellationToken cancellationToken = default) => default;
            }
            [System.AttributeUsage(System.AttributeTargets.Method)] public sealed class ExecDsetAttribute : System.Attribute { public ExecDsetAttribute(string template) { } public ExpansionMode Mode { get; set; } }
            [System.AttributeUsage(System.AttributeTargets.Method)] public sealed class ExecAvpAttribute : System.Attribute { public ExecAvpAttribute(string template, string? avpList = null) { } public ExpansionMode Mode { get; set; } }
        }
        namespace ExecToolkit.Sip
        {
            public sealed class SipRequest { public string Method => ""; public string RequestUri => ""; }
        }
        """;

    public static Task Verify(string source, params (string Path, string Text)[] additionalFiles)
        => Verify(source, [], additionalFiles);

    public static Task Verify(string source, DiagnosticResult[] expected, params (string Path, string Text)[] additionalFiles)
    {
        var test = new CSharpAnalyzerTest<ExecTemplateAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            MarkupOptions = MarkupOptions.TreatPositionIndicatorsAsCode,
            ReferenceAssemblies = new ReferenceAssemblies("net8.0"),
        };
        test.TestState.Sources.Add(("Api.cs", Api));
        test.ExpectedDiagnostics.AddRange(expected);
        test.TestState.AdditionalReferences.AddRange(Net80.References.All);
        foreach (var file in additionalFiles)
        {
            test.TestState.AdditionalFiles.Add((file.Path, file.Text));
        }

        return test.RunAsync();
    }
}
