using System.Threading.Tasks;

namespace ExecToolkit.Analyzers.Tests;

public class ExecTemplateAnalyzerTests
{
    private static string Call(string argument) => $$"""
        using ExecToolkit;
        class Routing
        {
            async System.Threading.Tasks.Task Run(SipExec exec, RequestContext request)
            {
                await exec.ExecMsgAsync(request, {{argument}});
            }
        }
        """;

    [Fact]
    public Task Unquoted_contact_is_a_suggestion_in_ShellSafe_mode_and_a_warning_in_Verbatim_mode()
        => AnalyzerTest.Verify(
            Call("\"notify.sh {|#0:$ct|}\"") + """

            partial class Attributed
            {
                [ExecToolkit.ExecDset("notify.sh {|#1:$ct|}", Mode = ExecToolkit.ExpansionMode.Verbatim)]
                static void A() { }
            }
            """,
            [
                new Microsoft.CodeAnalysis.Testing.DiagnosticResult("EXEC1001", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("'$ct' is unquoted: its value (free text) is split, globbed and its ; | & < > act in the shell; quote it"),
                new Microsoft.CodeAnalysis.Testing.DiagnosticResult("EXEC1001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(1).WithArguments("'$ct' is unquoted: its value (free text, or <null> when missing) is split, globbed and its ; | & < > act in the shell; quote it"),
            ]);

    [Fact]
    public Task A_call_run_in_Verbatim_mode_is_linted_as_Verbatim()
        => AnalyzerTest.Verify(
            """
            using ExecToolkit;
            class Routing
            {
                async System.Threading.Tasks.Task Run(SipExec exec, RequestContext request)
                {
                    await exec.ExecMsgAsync(request, "notify.sh '{|#0:$ct|}'", new ExecCallOptions { ExpansionMode = ExpansionMode.Verbatim });
                    await exec.ExecCmdAsync(request, "notify.sh '$ct'", new ExecCallOptions { ExpansionMode = ExpansionMode.ShellSafe, SetVars = false });
                    await exec.ExecCmdAsync(request, "notify.sh '$ct'", new ExecCallOptions { SetVars = false });
                    await exec.ExecAvpAsync(request, "notify.sh {|#1:$ct|}", "$avp(s:a)", call: new() { ExpansionMode = ExpansionMode.Verbatim });
                }
            }
            """,
            [
                new Microsoft.CodeAnalysis.Testing.DiagnosticResult("EXEC1006", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0),
                new Microsoft.CodeAnalysis.Testing.DiagnosticResult("EXEC1001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(1),
            ]);

    [Fact]
    public Task The_configured_mode_applies_to_calls_that_do_not_set_one()
        => AnalyzerTest.VerifyWithEditorConfig(
            """
            using ExecToolkit;
            class Routing
            {
                async System.Threading.Tasks.Task Run(SipExec exec, RequestContext request)
                {
                    await exec.ExecMsgAsync(request, "notify.sh '{|#0:$ct|}'");
                    await exec.ExecMsgAsync(request, "notify.sh '$ct'", new ExecCallOptions { ExpansionMode = ExpansionMode.ShellSafe });
                }
            }
            """,
            "root = true\n[*.cs]\nexectoolkit.expansion_mode = verbatim\n",
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult("EXEC1006", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0));

    [Fact]
    public Task Quoted_values_safe_variables_and_doubled_dollars_are_fine()
        => AnalyzerTest.Verify(Call("\"notify.sh '$ct' \\\"$fu\\\" $si $sp \\\"$$SIP_USER\\\" $$$$\""));

    [Fact]
    public Task Shell_variable_with_one_dollar_is_an_error_at_the_dollar()
        => AnalyzerTest.Verify(Call("\"echo {|EXEC1002:$|}SIP_OUSER\""));

    [Fact]
    public Task Kamailio_return_code_in_a_shell_string()
        => AnalyzerTest.Verify(Call("\"true; echo {|EXEC1003:$?|}\""));

    [Fact]
    public Task Environment_reference_in_single_quotes()
        => AnalyzerTest.Verify(Call("\"echo '{|EXEC1004:$$|}SIP_USER'\""));

    [Fact]
    public Task Value_as_the_program_to_run()
        => AnalyzerTest.Verify(Call("\"{|EXEC1005:$hdr(X-Cmd)|} -x\""));

    [Fact]
    public Task Value_where_the_shells_read_the_text_differently_in_a_call_and_an_attribute()
        => AnalyzerTest.Verify(
            Call("\"notify.sh \\\"$${NAME:-{|EXEC1009:$fn|}}\\\"\"") + """

            partial class Attributed
            {
                [ExecToolkit.ExecCmd("notify.sh ~{|#0:$fU|}")]
                static void Handler() { }
            }
            """,
            [
                new Microsoft.CodeAnalysis.Testing.DiagnosticResult("EXEC1009", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0),
                new Microsoft.CodeAnalysis.Testing.DiagnosticResult("EXEC1001", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0),
            ]);

    [Fact]
    public Task Unknown_pseudo_variable_is_reported_inside_the_literal()
        => AnalyzerTest.Verify(Call("\"cat /tmp/{|EXEC1007:$rU.txt|}\""));

    [Fact]
    public Task Spans_follow_escapes_and_verbatim_literals()
        => AnalyzerTest.Verify(Call("@\"echo \"\"x\"\" {|EXEC1001:$ct|}\"") + "\n" + "class B { void M(ExecToolkit.SipExec e, ExecToolkit.RequestContext r) { _ = e.ExecCmdAsync(r, \"a\\tb\\\\ {|EXEC1001:$ua|}\"); } }");

    [Fact]
    public Task Avp_list_items_must_be_avps()
        => AnalyzerTest.Verify("""
            class C { void M(ExecToolkit.SipExec e, ExecToolkit.RequestContext r) { _ = e.ExecAvpAsync(r, "echo x", "$avp(s:a),{|EXEC1007:$var(b)|}"); } }
            """);

    [Fact]
    public Task Command_built_from_request_values()
        => AnalyzerTest.Verify("""
            using ExecToolkit;
            class C
            {
                void M(SipExec e, RequestContext r, string constant)
                {
                    _ = e.ExecCmdAsync(r, {|EXEC1008:$"notify.sh {r.CurrentUri}"|});
                    _ = e.ExecCmdAsync(r, {|EXEC1008:"notify.sh " + r.Request.Method|});
                    _ = e.ExecCmdAsync(r, "notify.sh " + constant);
                    _ = CommandTemplate.Parse({|EXEC1008:"x " + r.CurrentUri|});
                }
            }
            """);

    [Fact]
    public Task Kamailio_cfg_additional_files_are_linted_in_verbatim_mode()
        => AnalyzerTest.Verify("class Empty { }", ("/src/kamailio.cfg", """
            request_route {
                exec_msg("notify.sh {|EXEC1001:$ct|}");
                exec_msg("notify.sh '{|EXEC1006:$ct|}'");
                # exec_msg("commented $ct");
                exec_avp("echo x", "$avp(s:a) {|EXEC1007:$var(b)|}");
            }
            """));
}
