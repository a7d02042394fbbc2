using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using ExecToolkit.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ExecToolkit.Analyzers.Tests;

/// <summary>
/// EXEC1010 (a simple command that runs through the shell only because nothing said otherwise) and EXEC1011
/// (ShellUse.WhenNeeded where the template needs a shell, and what stops it), on handlers and call sites, with the
/// executor's setting from <c>exectoolkit.shell_use</c>; the fix that sets ShellUse on a handler; and agreement with
/// the generator, which emits an argument vector for exactly the templates EXEC1010 finds simple.
/// </summary>
public class ShellUseRuleTests
{
    private static DiagnosticResult CanRunWithoutShell(int location, string program, int arguments)
        => new DiagnosticResult("EXEC1010", DiagnosticSeverity.Info).WithLocation(location)
            .WithArguments("the command is one simple command ('" + program + "' and " + arguments + (arguments == 1 ? " argument" : " arguments") + "): ShellUse.WhenNeeded would start it without /bin/sh");

    private static DiagnosticResult NeedsShell(int location, string reason)
        => new DiagnosticResult("EXEC1011", DiagnosticSeverity.Info).WithLocation(location)
            .WithArguments("ShellUse.WhenNeeded is in force, but the command runs through /bin/sh: " + reason);

    [Fact]
    public Task Handlers_get_the_suggestion_and_what_stops_it()
        => AnalyzerTest.VerifyShellUse(
            """
            using System.Threading.Tasks;
            using ExecToolkit;
            static partial class Routing
            {
                [ExecDset({|#0:"lookup.sh '$rU' \"$$DIR/directory.txt\""|})]
                static void A() { }

                [ExecDset("lookup.sh '$rU'", ShellUse = ShellUse.WhenNeeded)]
                static void B() { }

                [ExecDset("lookup.sh '$rU'", ShellUse = ShellUse.Always)]
                static void C() { }

                [ExecCmd({|#1:"lookup.sh '$rU' | logger"|}, ShellUse = ShellUse.WhenNeeded)]
                static void D() { }

                [ExecCmd({|#2:"echo '$rU'"|}, ShellUse = ShellUse.WhenNeeded)]
                static void E() { }

                [ExecCmd({|#3:"/usr/bin/lookup"|}, Mode = ExpansionMode.Verbatim, ShellUse = ShellUse.WhenNeeded)]
                static void F() { }

                // Needs a shell, and nobody asked for it to run without one: nothing to say.
                [ExecCmd("echo '$rU' > /tmp/x")]
                static void G() { }

                [ExecCmd("/usr/bin/lookup", Mode = ExpansionMode.Verbatim)]
                static void H() { }

                [ExecAvp({|#4:"/usr/local/bin/plan"|}, "$avp(s:plan)")]
                static void I() { }
            }
            """,
            null,
            CanRunWithoutShell(0, "lookup.sh", 2),
            NeedsShell(1, "an operator ('|')"),
            NeedsShell(2, "'echo' is a shell keyword or builtin"),
            NeedsShell(3, "in Verbatim mode a value is shell text"),
            CanRunWithoutShell(4, "/usr/local/bin/plan", 0));

    [Fact]
    public Task Call_sites_read_the_calls_options()
        => AnalyzerTest.VerifyShellUse(
            """
            using ExecToolkit;
            class C
            {
                void M(SipExec e, RequestContext r)
                {
                    _ = e.ExecDsetAsync(r, {|#0:"lookup.sh '$rU'"|});
                    _ = e.ExecCmdAsync(r, "lookup.sh '$rU'", new ExecCallOptions { ShellUse = ShellUse.WhenNeeded });
                    _ = e.ExecCmdAsync(r, "lookup.sh '$rU'", new ExecCallOptions { ShellUse = ShellUse.Always });
                    _ = e.ExecCmdAsync(r, {|#1:"lookup.sh '$rU' && logger done"|}, new ExecCallOptions { ShellUse = ShellUse.WhenNeeded });
                    _ = e.ExecCmdAsync(r, "/usr/bin/lookup", new ExecCallOptions { ExpansionMode = ExpansionMode.Verbatim });
                    _ = CommandTemplate.Parse("lookup.sh '$rU'");
                }
            }
            """,
            null,
            CanRunWithoutShell(0, "lookup.sh", 1),
            NeedsShell(1, "an operator ('&')"));

    [Fact]
    public Task The_executors_setting_comes_from_the_editorconfig()
        => AnalyzerTest.VerifyShellUse(
            """
            using System.Threading.Tasks;
            using ExecToolkit;
            static partial class Routing
            {
                [ExecCmd("lookup.sh '$rU'")]
                static void A() { }

                [ExecCmd({|#0:"lookup.sh '$rU' >/dev/null"|})]
                static void B() { }

                [ExecCmd("lookup.sh '$rU' >/dev/null", ShellUse = ShellUse.Always)]
                static void C() { }

                static void M(SipExec e, RequestContext r) => _ = e.ExecCmdAsync(r, {|#1:"lookup.sh `id`"|});
            }
            """,
            "root = true\n\n[*.cs]\nexectoolkit.shell_use = when_needed\n",
            NeedsShell(0, "a redirection ('>')"),
            NeedsShell(1, "a command substitution (`)"));

    [Fact]
    public Task A_malformed_template_gets_only_its_error()
        => AnalyzerTest.VerifyShellUse(
            """
            using ExecToolkit;
            class C
            {
                void M(SipExec e, RequestContext r) => _ = e.ExecCmdAsync(r, "lookup.sh {|EXEC1007:$(rU|}", new ExecCallOptions { ShellUse = ShellUse.WhenNeeded });
            }
            """,
            null);

    [Fact]
    public Task The_fix_sets_ShellUse_on_the_handler()
        => RunFix(
            """
            using System.Threading.Tasks;
            using ExecToolkit;
            static partial class Routing
            {
                [ExecDset({|EXEC1010:"lookup.sh '$rU'"|}, TimeToKillSeconds = 2)]
                static void A() { }

                [ExecCmd({|EXEC1010:"/bin/true"|})]
                static void B() { }
            }
            """,
            """
            using System.Threading.Tasks;
            using ExecToolkit;
            static partial class Routing
            {
                [ExecDset("lookup.sh '$rU'", TimeToKillSeconds = 2, ShellUse = ShellUse.WhenNeeded)]
                static void A() { }

                [ExecCmd("/bin/true", ShellUse = ShellUse.WhenNeeded)]
                static void B() { }
            }
            """);

    [Fact]
    public Task The_fix_qualifies_the_enum_where_it_is_not_in_scope()
        => RunFix(
            """
            static partial class Routing
            {
                [ExecToolkit.ExecCmd({|EXEC1010:"/bin/true"|})]
                static partial System.Threading.Tasks.ValueTask<ExecToolkit.ExecResult> B(ExecToolkit.SipExec e, ExecToolkit.RequestContext r);
            }
            """,
            """
            static partial class Routing
            {
                [ExecToolkit.ExecCmd("/bin/true", ShellUse = global::ExecToolkit.ShellUse.WhenNeeded)]
                static partial System.Threading.Tasks.ValueTask<ExecToolkit.ExecResult> B(ExecToolkit.SipExec e, ExecToolkit.RequestContext r);
            }
            """);

    [Fact]
    public Task No_fix_at_a_call_site()
        => RunFix(
            """
            using ExecToolkit;
            class C
            {
                void M(SipExec e, RequestContext r) => _ = e.ExecCmdAsync(r, {|EXEC1010:"/bin/true"|});
            }
            """,
            null);

    [Theory]
    [InlineData("lookup.sh '$rU'", true)]
    [InlineData("\"$$EXEC_SAMPLE_DIR/lookup.sh\" \"$$EXEC_SAMPLE_DIR/directory.txt\" '$rU'", true)]
    [InlineData("/usr/local/bin/route-for $fU $tU", true)]
    [InlineData("prog a$var(v)b \"c$hdr(X)d\" ''", true)]
    [InlineData("prog \"$$HOME\"", true)]
    [InlineData("prog $$HOME", false)]
    [InlineData("echo '$rU'", false)]
    [InlineData("lookup.sh '$rU' | logger", false)]
    [InlineData("$hdr(X-Cmd) --flag", false)]
    [InlineData("X=1 prog", false)]
    [InlineData("prog ~/x", false)]
    [InlineData("prog *.txt", false)]
    [InlineData("prog # comment", false)]
    [InlineData("prog '$rU'\nprog2", false)]
    [InlineData("if true; then prog; fi", false)]
    public async Task The_suggestion_is_given_exactly_where_the_generator_emits_an_argument_vector(string template, bool simple)
    {
        string source = "using System.Threading.Tasks;\nusing ExecToolkit;\npublic static partial class H\n{\n" +
            $"    [ExecCmd({SymbolDisplay.FormatLiteral(template, quote: true)})]\n" +
            "    public static partial ValueTask<ExecResult> Handler(SipExec exec, RequestContext request);\n}\n";
        Compilation generated = HandlerCallSiteParityTests.Generate(source, out ImmutableArray<Diagnostic> generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.Empty(generated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        ImmutableArray<Diagnostic> diagnostics = await generated.WithAnalyzers([new ExecTemplateAnalyzer()], new AnalyzerOptions([])).GetAnalyzerDiagnosticsAsync();
        bool suggested = diagnostics.Any(d => d.Id == "EXEC1010");
        bool vector = generated.SyntaxTrees.Any(t => t.FilePath != "H.cs" && t.ToString().Contains("internal static string[] Arguments(", StringComparison.Ordinal));
        Assert.Equal(simple, vector);
        Assert.Equal(vector, suggested);
    }

    private static Task RunFix(string before, string? after)
    {
        var test = new CSharpCodeFixTest<ExecTemplateAnalyzer, ShellUseCodeFixProvider, DefaultVerifier>
        {
            TestCode = before,
            FixedCode = after ?? before,
            MarkupOptions = MarkupOptions.TreatPositionIndicatorsAsCode,
            ReferenceAssemblies = AnalyzerTest.NoPackage,
            // The handlers are partial methods the generator would implement; without it the compiler wants a body.
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.TestState.AdditionalReferences.AddRange(AnalyzerTest.References);
        test.FixedState.AdditionalReferences.AddRange(AnalyzerTest.References);
        return test.RunAsync();
    }
}
