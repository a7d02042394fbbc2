using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace ExecToolkit.Analyzers.Tests;

/// <summary>Templates in the runtime's own attributes (<c>ExecAttribute</c> and its four subclasses, from the built ExecToolkit.dll).</summary>
public class AttributeTests
{
    [Fact]
    public Task Each_attribute_reports_inside_its_template()
        => AnalyzerTest.Verify("""
            using ExecToolkit;
            partial class Routing
            {
                [ExecDset("lookup.sh \"$rU\" {|EXEC1001:$ct|}")]
                static void Dset() { }

                [ExecMsg("archive.sh '{|EXEC1004:$$|}SIP_HF_CALLID'")]
                static void Msg() { }

                [ExecAvp("billing.sh \"$fU\" {|EXEC1001:$ct|}", "$avp(s:plan)")]
                static void Avp() { }

                [ExecCmd(@"echo ""\t"" {|EXEC1003:$?|}")]
                static void Cmd() { }
            }
            """);

    [Fact]
    public Task Mode_set_to_Verbatim_raises_the_verbatim_rules()
        => AnalyzerTest.Verify(
            """
            using ExecToolkit;
            partial class Routing
            {
                [ExecDset("{|#0:$hdr(X-Cmd)|} -x", Mode = ExpansionMode.Verbatim)]
                static void A() { }

                [ExecMsg("notify.sh '{|#1:$ct|}'", TimeToKillSeconds = 5, Mode = ExpansionMode.Verbatim, SetVars = false)]
                static void B() { }

                [ExecAvp(avpList: "$avp(s:a)", template: "notify.sh \"{|#2:$ct|}\"", Mode = ExpansionMode.Verbatim, MaxOutputLines = 2)]
                static void C() { }

                [ExecCmd("notify.sh {|#3:$ct|}", Mode = ExpansionMode.Verbatim)]
                static void D() { }

                // The default (ShellSafe), whatever else is set: suggestions only, nothing about breaking out of quotes.
                [ExecCmd("{|#4:$hdr(X-Cmd)|} '$ct'", SetVars = false, MaxOutputBytes = 10)]
                static void E() { }

                [ExecMsg("notify.sh {|#5:$ct|}", Mode = ExpansionMode.ShellSafe)]
                static void F() { }
            }
            """,
            [
                new DiagnosticResult("EXEC1005", DiagnosticSeverity.Warning).WithLocation(0),
                new DiagnosticResult("EXEC1006", DiagnosticSeverity.Warning).WithLocation(1),
                new DiagnosticResult("EXEC1006", DiagnosticSeverity.Warning).WithLocation(2),
                new DiagnosticResult("EXEC1001", DiagnosticSeverity.Warning).WithLocation(3),
                new DiagnosticResult("EXEC1005", DiagnosticSeverity.Info).WithLocation(4),
                new DiagnosticResult("EXEC1001", DiagnosticSeverity.Info).WithLocation(5),
            ]);

    [Fact]
    public Task Partial_methods_the_generator_implements_are_checked_once_each()
        => AnalyzerTest.VerifyWithGenerated(
            """
            using System.Threading;
            using System.Threading.Tasks;
            using ExecToolkit;
            public static partial class Handlers
            {
                [ExecMsg("notify.sh {|#0:$ct|}", Mode = ExpansionMode.Verbatim)]
                public static partial ValueTask<ExecResult> A(SipExec exec, RequestContext request);

                [ExecDset("lookup.sh \"$rU\" {|#1:$ct|}")]
                internal static partial Task<ExecResult> B(SipExec exec, RequestContext request, CancellationToken cancellationToken);

                [ExecAvp(avpList: "$avp(s:a)", template: "billing.sh '{|#2:$$|}SIP_HF_CALLID'")]
                private static partial ValueTask<ExecResult> C(RequestContext request, SipExec exec);

                [ExecCmd("{|#3:$hdr(X-Cmd)|} -x", Mode = ExpansionMode.Verbatim)]
                public static partial ValueTask<ExecResult> D(SipExec exec, RequestContext request);
            }
            """,
            // The implementation parts, as the generator writes them: generated code, which repeats no attribute.
            """
            using System.Threading;
            using System.Threading.Tasks;
            using ExecToolkit;
            public static partial class Handlers
            {
                public static partial ValueTask<ExecResult> A(SipExec exec, RequestContext request) => default;
                internal static partial Task<ExecResult> B(SipExec exec, RequestContext request, CancellationToken cancellationToken) => Task.FromResult(new ExecResult());
                private static partial ValueTask<ExecResult> C(RequestContext request, SipExec exec) => default;
                public static partial ValueTask<ExecResult> D(SipExec exec, RequestContext request) => default;
            }
            """,
            [
                new DiagnosticResult("EXEC1001", DiagnosticSeverity.Warning).WithLocation(0),
                new DiagnosticResult("EXEC1001", DiagnosticSeverity.Info).WithLocation(1),
                new DiagnosticResult("EXEC1004", DiagnosticSeverity.Warning).WithLocation(2),
                new DiagnosticResult("EXEC1005", DiagnosticSeverity.Warning).WithLocation(3),
            ]);

    [Fact]
    public Task Correct_templates_give_nothing()
        => AnalyzerTest.Verify("""
            using ExecToolkit;
            partial class Routing
            {
                private const string Lookup = "lookup.sh '$rU' \"$$SIP_USER\" $si";

                [ExecDset(Lookup)]
                static void A() { }

                [ExecMsg("archive.sh \"$ci\" $$?")]
                static void B() { }

                [ExecAvp("billing.sh '$fU'", "$avp(s:plan), $avp(s:credit)")]
                static void C() { }

                [ExecCmd("notify.sh \"$$SIP_HF_CONTACT\" $sp", Mode = ExpansionMode.Verbatim)]
                static void D() { }
            }
            """);

    [Fact]
    public Task Malformed_templates_and_avp_lists_are_left_to_the_generator()
        => AnalyzerTest.Verify("""
            using ExecToolkit;
            partial class Routing
            {
                // EXEC0006-EXEC0008 from the generator; EXEC1007 and EXEC1002 are not repeated.
                [ExecCmd("echo $HOME")]
                static void Shell() { }

                [ExecAvp("billing.sh '$fU'", "$avp(s:plan) plan")]
                static void A() { }

                [ExecDset("cat /tmp/$rU.txt")]
                static void B() { }

                [ExecCmd("echo $(hdr(X)", Mode = ExpansionMode.Verbatim)]
                static void C() { }
            }
            """);
}
