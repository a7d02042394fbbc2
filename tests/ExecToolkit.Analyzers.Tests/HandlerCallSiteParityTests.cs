using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ExecToolkit.Analyzers.Tests;

/// <summary>
/// Every rule fires on a generated handler exactly as on a call site: the same template written in an [Exec*]
/// attribute of a partial method (implemented by the real generator, which runs first) and passed to the matching
/// <c>SipExec</c> call with the same mode gives the same findings (id, severity, message, place in the literal), once
/// each. A template Kamailio refuses is reported by the analyzer at a call site (EXEC1002, EXEC1007) and by the
/// generator on a handler (EXEC0006-EXEC0008, generation stops) at the same place.
/// </summary>
public class HandlerCallSiteParityTests
{
    private static readonly ISourceGenerator Generator = LoadGenerator();

    public static TheoryData<string, string, string?> Cases()
    {
        string[] templates =
        [
            "notify.sh $ct",
            "notify.sh '$ct'",
            "notify.sh \"$ct\"",
            "touch /tmp/$(rU).txt",
            "test -f /tmp/lock; echo $? > /tmp/rc",
            "lookup.sh $si $sp $cs",
            "echo '$$SIP_USER'",
            "echo 'user $$SIP_USER' \"$$SIP_USER\"",
            "$hdr(X-Cmd) --flag",
            "printf '%s\\n' \"$${X:-$hdr(X-A)}\"",
            "echo \"$${X#'$rU'}\"",
            "cat <<EOF\n$rU\nEOF\n",
            "cat <<'EOF'\n$rU\nEOF\n",
            "echo $(echo $fu) `echo $tu`",
            "lookup.sh '$rU' \"$hdr(X-Account)\" $$SIP_OUSER",
            "echo $SIP_OUSER",
            "touch /tmp/$rU.txt",
            "echo $(hdr(X)",
        ];
        var data = new TheoryData<string, string, string?>();
        foreach (string template in templates)
        {
            foreach (string kind in new[] { "Dset", "Msg", "Avp", "Cmd" })
            {
                data.Add(kind, template, kind == "Avp" ? "$avp(s:a);$avp(s:b)" : null);
            }
        }

        data.Add("Avp", "echo x", "$avp(s:a),$var(b)");
        data.Add("Avp", "echo x", "$avp(s:a) plan");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Handler_and_call_site_get_the_same_findings(string kind, string template, string? avpList)
    {
        foreach (string mode in new[] { "ShellSafe", "Verbatim" })
        {
            string literal = SymbolDisplay.FormatLiteral(template, quote: true);
            string list = avpList is null ? "" : ", " + SymbolDisplay.FormatLiteral(avpList, quote: true);
            string result = kind switch { "Dset" => "DsetResult", "Avp" => "AvpResult", _ => "ExecResult" };
            string source =
                "using System.Threading.Tasks;\nusing ExecToolkit;\npublic static partial class H\n{\n" +
                $"    [Exec{kind}({literal}{list}, Mode = ExpansionMode.{mode})]\n" +
                $"    public static partial ValueTask<{result}> Handler(SipExec exec, RequestContext request);\n\n" +
                $"    public static ValueTask<{result}> CallSite(SipExec exec, RequestContext request) => exec.Exec{kind}Async(request, {literal}{list}, new ExecCallOptions {{ ExpansionMode = ExpansionMode.{mode} }});\n" +
                "}\n";

            Compilation generated = Generate(source, out ImmutableArray<Diagnostic> generatorDiagnostics);
            ImmutableArray<Diagnostic> analyzerDiagnostics = await generated
                .WithAnalyzers([new ExecTemplateAnalyzer()], new AnalyzerOptions([]))
                .GetAnalyzerDiagnosticsAsync();

            // Where each literal (template, then AVP list) starts on the handler's line and on the call site's.
            int handlerLine = source.IndexOf("[Exec", StringComparison.Ordinal);
            int callLine = source.IndexOf("=> exec.", StringComparison.Ordinal);
            string context = kind + " " + mode + " " + template.Replace("\n", "\\n", StringComparison.Ordinal);
            var handler = Place(analyzerDiagnostics.Concat(generatorDiagnostics).Where(d => d.Location.SourceSpan.Start >= handlerLine && d.Location.SourceSpan.Start < callLine), source, handlerLine);
            var callSite = Place(analyzerDiagnostics.Where(d => d.Location.SourceSpan.Start >= callLine), source, callLine);

            // Anything else (in generated code, or a compiler error in the handler's implementation) is a failure.
            Assert.Empty(analyzerDiagnostics.Where(d => d.Location.SourceTree?.FilePath != "H.cs"));
            bool refused = generatorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
            if (!refused)
            {
                Assert.Empty(generated.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.Id.StartsWith("EXEC", StringComparison.Ordinal)));
                Assert.True(callSite.SequenceEqual(handler), context + ":\nhandler   " + string.Join("\n          ", handler) + "\ncall site " + string.Join("\n          ", callSite));
            }
            else
            {
                // The same places, with the generator's id for what the analyzer calls EXEC1002/EXEC1007 at a call site.
                Assert.All(callSite, f => Assert.Contains(f.Id, new[] { "EXEC1002", "EXEC1007" }));
                Assert.True(callSite.Select(f => (f.Literal, f.Start)).SequenceEqual(handler.Select(f => (f.Literal, f.Start))), context + ": " + string.Join(", ", handler) + " / " + string.Join(", ", callSite));
                Assert.All(handler, f => Assert.Contains(f.Id, new[] { "EXEC0006", "EXEC0007", "EXEC0008" }));
            }

        }
    }

    [Theory]
    [InlineData("echo $HOME", "echo $$HOME")]
    [InlineData("echo $(date) '$rU'", "echo $$(date) '$rU'")]
    [InlineData("echo ${HOME}", "echo $${HOME}")]
    public async Task The_generators_refusal_of_a_shell_dollar_gets_the_EXEC1002_advice_and_fix(string template, string fixedTemplate)
    {
        // On a handler the analyzer leaves a refused template to the generator; its error says what EXEC1002 says
        // and the code fix doubles the '$' as it does for EXEC1002 at a call site.
        string Source(string t) => "using System.Threading.Tasks;\nusing ExecToolkit;\npublic static partial class H\n{\n" +
            $"    [ExecCmd({SymbolDisplay.FormatLiteral(t, quote: true)})]\n" +
            "    public static partial ValueTask<ExecResult> Handler(SipExec exec, RequestContext request);\n}\n";

        using var workspace = new Microsoft.CodeAnalysis.AdhocWorkspace();
        var parseOptions = new CSharpParseOptions(LanguageVersion.Preview);
        Project project = workspace.AddProject("P", LanguageNames.CSharp)
            .WithParseOptions(parseOptions)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .WithMetadataReferences(AnalyzerTest.References);
        Document document = project.AddDocument("H.cs", Source(template));
        Compilation compilation = (await document.Project.GetCompilationAsync())!;
        CSharpGeneratorDriver.Create([Generator], parseOptions: parseOptions).RunGeneratorsAndUpdateCompilation(compilation, out _, out ImmutableArray<Diagnostic> diagnostics);
        Diagnostic refusal = Assert.Single(diagnostics);
        Assert.Contains(refusal.Id, new[] { "EXEC0006", "EXEC0007" });
        Assert.Contains("for the shell's $", refusal.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var actions = new List<Microsoft.CodeAnalysis.CodeActions.CodeAction>();
        var context = new Microsoft.CodeAnalysis.CodeFixes.CodeFixContext(document, refusal, (action, _) => actions.Add(action), default);
        await new ExecToolkit.CodeFixes.ExecTemplateCodeFixProvider().RegisterCodeFixesAsync(context);
        var action = Assert.Single(actions);
        var operations = await action.GetOperationsAsync(default);
        Solution changed = operations.OfType<Microsoft.CodeAnalysis.CodeActions.ApplyChangesOperation>().Single().ChangedSolution;
        Assert.Equal(Source(fixedTemplate), (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString());
    }

    private sealed record Finding(string Id, DiagnosticSeverity Severity, string Message, int Literal, int Start, int Length);

    // Each diagnostic as the literal it is in (0: template, 1: AVP list) and its offset from that literal's start.
    private static List<Finding> Place(IEnumerable<Diagnostic> diagnostics, string source, int from)
    {
        int first = source.IndexOf('"', from);
        int end = first + 1;
        while (source[end] != '"' || source[end - 1] == '\\')
        {
            end++;
        }

        int second = source.IndexOf('"', end + 1);
        return diagnostics
            .Select(d =>
            {
                int start = d.Location.SourceSpan.Start;
                int literal = second >= 0 && start > second && start < source.IndexOf('\n', from) ? 1 : 0;
                return new Finding(d.Id, d.Severity, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), literal, start - (literal == 0 ? first : second), d.Location.SourceSpan.Length);
            })
            .OrderBy(f => f.Literal).ThenBy(f => f.Start).ThenBy(f => f.Id)
            .ToList();
    }

    /// <summary><paramref name="source"/> (as H.cs) compiled against the runtime, with the real generator's output added.</summary>
    internal static Compilation Generate(string source, out ImmutableArray<Diagnostic> generatorDiagnostics)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Preview);
        var compilation = CSharpCompilation.Create(
            "Handlers",
            [CSharpSyntaxTree.ParseText(source, parseOptions, path: "H.cs")],
            AnalyzerTest.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        CSharpGeneratorDriver.Create([Generator], parseOptions: parseOptions).RunGeneratorsAndUpdateCompilation(compilation, out Compilation generated, out generatorDiagnostics);
        return generated;
    }

    private static ISourceGenerator LoadGenerator()
    {
        string path = ConsumerBuildTests.GeneratorPath();
        Type type = Assembly.LoadFrom(path).GetTypes().Single(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t));
        return ((IIncrementalGenerator)Activator.CreateInstance(type)!).AsSourceGenerator();
    }
}
