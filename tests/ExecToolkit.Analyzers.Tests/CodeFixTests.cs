using System.Threading.Tasks;
using ExecToolkit.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace ExecToolkit.Analyzers.Tests;

public class CodeFixTests
{
    private static Task Fix(string before, string after)
    {
        var test = new CSharpCodeFixTest<ExecTemplateAnalyzer, ExecTemplateCodeFixProvider, DefaultVerifier>
        {
            TestCode = Wrap(before),
            FixedCode = Wrap(after),
            MarkupOptions = MarkupOptions.TreatPositionIndicatorsAsCode,
            ReferenceAssemblies = AnalyzerTest.NoPackage,
        };
        test.TestState.AdditionalReferences.AddRange(AnalyzerTest.References);
        test.FixedState.AdditionalReferences.AddRange(AnalyzerTest.References);
        return test.RunAsync();
    }

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
    public Task Switches_single_quotes_to_double_quotes()
        => Fix("\"echo 'user {|EXEC1004:$$|}SIP_USER' done\"", "\"echo \\\"user $$SIP_USER\\\" done\"");
}

public class FixAllAndSuppressionTests
{
    [Fact]
    public async Task Fix_all_doubles_every_dollar_in_the_document()
    {
        string Source(string a, string b) => "class C { void M(ExecToolkit.SipExec e, ExecToolkit.RequestContext r) { _ = e.ExecCmdAsync(r, " + a + "); _ = e.ExecCmdAsync(r, " + b + "); } }";
        var test = new CSharpCodeFixTest<ExecTemplateAnalyzer, ExecTemplateCodeFixProvider, DefaultVerifier>
        {
            // A template is parsed up to its first error (as Kamailio does), so $PATH shows up once $USER is fixed.
            TestCode = Source("\"echo {|EXEC1002:$|}HOME\"", "\"echo {|EXEC1002:$|}USER $PATH\""),
            FixedCode = Source("\"echo $$HOME\"", "\"echo $$USER $$PATH\""),
            MarkupOptions = MarkupOptions.TreatPositionIndicatorsAsCode,
            ReferenceAssemblies = AnalyzerTest.NoPackage,
            NumberOfIncrementalIterations = 3,
            NumberOfFixAllIterations = 2,
        };
        foreach (var state in new[] { test.TestState, test.FixedState })
        {
            state.AdditionalReferences.AddRange(AnalyzerTest.References);
        }

        await test.RunAsync();
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
