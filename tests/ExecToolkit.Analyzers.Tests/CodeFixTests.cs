using System.Threading.Tasks;
using ExecToolkit.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace ExecToolkit.Analyzers.Tests;

/// <summary>Runs the code fixes on whole documents (each fix and Fix All in document, project and solution scope).</summary>
internal static class CodeFixTest
{
    public static Task Run(string before, string after, int? incrementalIterations = null, int? fixAllIterations = null)
    {
        var test = new CSharpCodeFixTest<ExecTemplateAnalyzer, ExecTemplateCodeFixProvider, DefaultVerifier>
        {
            TestCode = before,
            FixedCode = after,
            MarkupOptions = MarkupOptions.TreatPositionIndicatorsAsCode,
            ReferenceAssemblies = AnalyzerTest.NoPackage,
            NumberOfIncrementalIterations = incrementalIterations,
            NumberOfFixAllIterations = fixAllIterations,
        };
        test.TestState.AdditionalReferences.AddRange(AnalyzerTest.References);
        test.FixedState.AdditionalReferences.AddRange(AnalyzerTest.References);
        test.DisabledDiagnostics.AddRange(AnalyzerTest.ShellUseRules);
        return test.RunAsync();
    }
}

public class CodeFixTests
{
    private static Task Fix(string before, string after) => CodeFixTest.Run(Wrap(before), Wrap(after));

    private static string Wrap(string argument) => "class C { void M(ExecToolkit.SipExec e, ExecToolkit.RequestContext r) { _ = e.ExecCmdAsync(r, " + argument + "); } }";

    [Fact]
    public Task Doubles_the_dollar_of_a_shell_variable()
        => Fix("\"echo {|EXEC1002:$|}SIP_OUSER\"", "\"echo $$SIP_OUSER\"");

    [Fact]
    public Task Doubles_the_dollar_of_a_shadowed_shell_name()
        => Fix("\"true; echo {|EXEC1003:$?|}\"", "\"true; echo $$?\"");

    [Fact]
    public Task Quotes_in_a_regular_literal()
        => Fix("\"notify.sh {|EXEC1001:$ct|} x\"", "\"notify.sh \\\"$ct\\\" x\"");

    [Fact]
    public Task Quotes_in_a_verbatim_literal()
        => Fix("@\"notify.sh {|EXEC1001:$ct|}\"", "@\"notify.sh \"\"$ct\"\"\"");

    [Fact]
    public Task Quotes_in_a_raw_literal()
        => Fix("\"\"\"notify.sh {|EXEC1001:$ct|} x\"\"\"", "\"\"\"notify.sh \"$ct\" x\"\"\"");

    [Fact]
    public Task Doubles_the_dollar_in_a_multi_line_raw_literal()
        => Fix(""""
            """
                echo {|EXEC1002:$|}HOME
                """
            """", """"
            """
                echo $$HOME
                """
            """");

    [Fact]
    public Task Quotes_in_a_multi_line_raw_literal()
        => Fix(""""
            """
                x
                  notify.sh {|EXEC1001:$ct|}
                """
            """", """"
            """
                x
                  notify.sh "$ct"
                """
            """");

    [Fact]
    public Task Switches_single_quotes_to_double_quotes()
        => Fix("\"echo 'user {|EXEC1004:$$|}SIP_USER' done\"", "\"echo \\\"user $$SIP_USER\\\" done\"");

    [Fact]
    public Task Switches_single_quotes_around_a_pseudo_variable_in_ShellSafe_mode()
        => Fix("\"echo '$rU {|EXEC1004:$$|}SIP_USER'\"", "\"echo \\\"$rU $$SIP_USER\\\"\"");

    [Fact]
    public Task Keeps_single_quotes_around_a_pseudo_variable_in_Verbatim_mode()
    {
        // Verbatim values are pasted as they are: in double quotes the shell would run a $(...) in the R-URI user.
        const string Code = """
            using ExecToolkit;
            class C
            {
                [ExecCmd("echo '{|EXEC1006:$rU|} {|EXEC1004:$$|}SIP_USER'", Mode = ExpansionMode.Verbatim)]
                static void Run() { }
            }
            """;
        return CodeFixTest.Run(Code, Code);
    }
}

public class FixAllAndSuppressionTests
{
    [Fact]
    public Task Fix_all_doubles_every_dollar_in_the_document()
    {
        static string Source(string a, string b) => "class C { void M(ExecToolkit.SipExec e, ExecToolkit.RequestContext r) { _ = e.ExecCmdAsync(r, " + a + "); _ = e.ExecCmdAsync(r, " + b + "); } }";

        // A template is parsed up to its first error (as Kamailio does), so $PATH shows up once $USER is fixed.
        return CodeFixTest.Run(
            Source("\"echo {|EXEC1002:$|}HOME\"", "\"echo {|EXEC1002:$|}USER $PATH\""),
            Source("\"echo $$HOME\"", "\"echo $$USER $$PATH\""),
            incrementalIterations: 3,
            fixAllIterations: 2);
    }

    [Fact]
    public Task Fix_all_applies_every_rule_in_one_pass_several_in_one_literal()
    {
        // One Fix All, started from any of the findings, fixes all four rules, including several edits in one literal
        // (quotes inserted, a '$' doubled, single quotes turned to double quotes) and across literals.
        // A refused template (EXEC1002) reports only that, so it has a literal of its own.
        static string Source(string a, string b, string c) => "class C { void M(ExecToolkit.SipExec e, ExecToolkit.RequestContext r) { _ = e.ExecCmdAsync(r, " + a + "); _ = e.ExecMsgAsync(r, " + b + "); _ = e.ExecCmdAsync(r, " + c + "); } }";

        return CodeFixTest.Run(
            Source(
                "\"notify.sh {|EXEC1001:$ct|} {|EXEC1001:$rU|} 'at {|EXEC1004:$$|}HOME'\"",
                "@\"log.sh {|EXEC1001:$fu|}; echo {|EXEC1003:$?|}\"",
                "\"echo {|EXEC1002:$|}USER\""),
            Source(
                "\"notify.sh \\\"$ct\\\" \\\"$rU\\\" \\\"at $$HOME\\\"\"",
                "@\"log.sh \"\"$fu\"\"; echo $$?\"",
                "\"echo $$USER\""),
            fixAllIterations: 1);
    }

    [Fact]
    public Task Pragma_suppresses()
        => AnalyzerTest.Verify("""
            class C
            {
                void M(ExecToolkit.SipExec e, ExecToolkit.RequestContext r)
                {
            #pragma warning disable EXEC1001
                    _ = e.ExecMsgAsync(r, "notify.sh $ct");
            #pragma warning restore EXEC1001
                }
            }
            """);
}
