using System;
using System.Threading.Tasks;

namespace ExecToolkit.Analyzers.Tests;

/// <summary>
/// Constant interpolated strings as templates (C# 10: every hole a constant string, or no hole at all): findings at
/// the exact span inside the text parts, or on the hole whose constant holds them.
/// </summary>
public class InterpolatedTemplateTests
{
    internal static string Call(string argument) => """
        class C
        {
            const string Script = "notify.sh";
            const string Ct = "ct";
            const string Contact = "$ct";
            const string Home = "$HOME";
            const string Notify = "notify.sh $ct";

            void M(ExecToolkit.SipExec e, ExecToolkit.RequestContext r, string name)
            {
                _ = e.ExecCmdAsync(r, ARGUMENT);
            }
        }
        """.Replace("ARGUMENT", argument, StringComparison.Ordinal);

    [Fact]
    public Task Without_holes()
        => AnalyzerTest.Verify(Call("""$"notify.sh {|EXEC1001:$ct|}" """));

    [Fact]
    public Task Regular_with_escapes_and_a_constant_hole()
        => AnalyzerTest.Verify(Call("""$"{Script} \"$fu\" {{x}} \u0041\t{|EXEC1001:$ct|}" """));

    [Fact]
    public Task Verbatim_either_way_round()
        => AnalyzerTest.Verify(Call("""$@"{Script} ""$fu"" {{x}} {|EXEC1001:$ct|}" """) + Call("""@$"{Script} {|EXEC1002:$|}HOME" """).Replace("class C", "class D", StringComparison.Ordinal));

    [Fact]
    public Task Raw_with_one_and_two_dollars()
        => AnalyzerTest.Verify(Call(""""$"""{Script} "$fu" {|EXEC1001:$ct|} x""" """") + Call(""""$$"""{{Script}} {x} "$$HOME" {|EXEC1003:$?|} x""" """").Replace("class C", "class D", StringComparison.Ordinal));

    [Theory]
    [InlineData("""$"a\tb\\ \"q\" \u0041\x41 \U0001F600 \e {{}} {Script}{Ct} {|EXEC1001:$ct|}" """)]
    [InlineData(""""$@"a\tb ""q"" {{}} {Script} {|EXEC1001:$ct|} ""x""" """")]
    [InlineData(""""$"""a\tb "q" {Script} \"{Ct} {|EXEC1001:$ct|} {Ct}""" """")]
    [InlineData(""""$$$"""a {{x}} "{{{Script}}}" {|EXEC1001:$ct|}""" """")]
    public Task Escapes_before_the_finding(string argument)
        => AnalyzerTest.Verify(Call(argument));

    [Fact]
    public Task Multi_line_raw()
        => AnalyzerTest.Verify(Call(""""
            $"""
                {Script} "$fu" {|EXEC1001:$ct|}

                  echo {|EXEC1001:$ua|}
                {Script} {|EXEC1001:$fu|}
                """
            """"));

    [Fact]
    public Task A_finding_in_a_holes_constant_is_reported_on_the_hole()
        => AnalyzerTest.Verify(Call("""$"{|EXEC1001:{Notify}|} x" """) + Call("""$"notify.sh {|EXEC1001:${Ct}|} x" """).Replace("class C", "class D", StringComparison.Ordinal));

    [Fact]
    public Task Attributes_and_avp_lists()
        => AnalyzerTest.Verify(""""
            using ExecToolkit;
            partial class Routing
            {
                const string Script = "lookup.sh";

                [ExecDset($"{Script} {|EXEC1001:$ct|}")]
                static void A() { }

                [ExecMsg($$"""{{Script}} '{|EXEC1006:$ct|}'""", Mode = ExpansionMode.Verbatim)]
                static void B() { }

                void C(SipExec e, RequestContext r) { _ = e.ExecAvpAsync(r, "echo x", $"$avp(s:a),{|EXEC1007:$var(b)|}"); }
            }
            """");

    [Fact]
    public Task Correct_templates_and_values_that_are_not_constants_give_nothing()
        => AnalyzerTest.Verify(
            Call("""$"{Script} \"$ct\" '$fu' \"$$HOME\" $$?" """)
            + Call(""""$@"{Script} ""$ct"" ""$$HOME""" """").Replace("class C", "class D", StringComparison.Ordinal)
            + Call(""""$"""{Script} "$ct" "$$HOME" x""" """").Replace("class C", "class E", StringComparison.Ordinal)
            + Call(""""$$"""{{Script}} "$ct" "$$HOME" {x} x""" """").Replace("class C", "class F", StringComparison.Ordinal)
            + Call("""$"{name} $ct" """).Replace("class C", "class G", StringComparison.Ordinal));
}

/// <summary>The fixes keep an interpolated string interpolated, of the same flavour, and its holes untouched.</summary>
public class InterpolatedCodeFixTests
{
    private static Task Fix(string before, string after) => CodeFixTest.Run(InterpolatedTemplateTests.Call(before), InterpolatedTemplateTests.Call(after));

    [Fact]
    public Task Quotes_in_a_regular_interpolated_string()
        => Fix("""$"{Script} {|EXEC1001:$ct|} x" """, """$"{Script} \"$ct\" x" """);

    [Fact]
    public Task Quotes_in_a_verbatim_interpolated_string()
        => Fix("""$@"{Script} {|EXEC1001:$ct|}" """, """"$@"{Script} ""$ct""" """");

    [Fact]
    public Task Quotes_in_a_verbatim_interpolated_string_written_at_dollar()
        => Fix("""@$"{Script} {|EXEC1001:$ct|} x" """, """@$"{Script} ""$ct"" x" """);

    [Fact]
    public Task Quotes_in_a_raw_interpolated_string()
        => Fix(""""$"""{Script} {|EXEC1001:$ct|} x""" """", """"$"""{Script} "$ct" x""" """");

    [Fact]
    public Task Quotes_in_a_multi_line_raw_interpolated_string()
        => Fix(""""
            $"""
                {Script} {|EXEC1001:$ct|}
                """
            """", """"
            $"""
                {Script} "$ct"
                """
            """");

    [Fact]
    public Task Doubles_the_dollar_in_a_regular_interpolated_string()
        => Fix("""$"true; {Script} {|EXEC1003:$?|}" """, """$"true; {Script} $$?" """);

    [Fact]
    public Task Doubles_the_dollar_in_a_two_dollar_raw_string()
        => Fix(""""$$"""{{Script}} {|EXEC1002:$|}HOME {x}""" """", """"$$"""{{Script}} $$HOME {x}""" """");

    [Fact]
    public Task Switches_to_double_quotes_in_each_flavour()
        => CodeFixTest.Run(
            InterpolatedTemplateTests.Call(""""$"echo '{|EXEC1004:$$|}SIP_USER' {Script}"); _ = e.ExecCmdAsync(r, $@"echo '{|EXEC1004:$$|}USER'"); _ = e.ExecCmdAsync(r, $$"""echo '{|EXEC1004:$$|}HOME' {{Script}}""" """"),
            InterpolatedTemplateTests.Call(""""$"echo \"$$SIP_USER\" {Script}"); _ = e.ExecCmdAsync(r, $@"echo ""$$USER"""); _ = e.ExecCmdAsync(r, $$"""echo "$$HOME" {{Script}}""" """"));

    [Fact]
    public Task Quotes_around_a_hole_that_is_the_whole_pseudo_variable()
        => Fix("""$"notify.sh {|EXEC1001:{Contact}|} x" """, """$"notify.sh \"{Contact}\" x" """);

    [Fact]
    public Task Quotes_around_text_and_hole_together()
        => Fix("""$"notify.sh {|EXEC1001:${Ct}|} x" """, """$"notify.sh \"${Ct}\" x" """);

    [Fact]
    public Task Doubles_the_dollar_before_a_hole_that_starts_with_it()
        => Fix("""$"echo {|EXEC1002:{Home}|}" """, """$"echo ${Home}" """);

    [Fact]
    public Task No_fix_inside_a_hole()
        => Fix("""$"{|EXEC1001:{Notify}|} x" """, """$"{|EXEC1001:{Notify}|} x" """);

    [Fact]
    public Task No_fix_when_a_single_line_raw_string_would_end_with_a_quote()
        => Fix(""""$"""{Script} {|EXEC1001:$ct|}""" """", """"$"""{Script} {|EXEC1001:$ct|}""" """");

    [Fact]
    public Task Fix_all_over_two_interpolated_strings()
        => CodeFixTest.Run(
            InterpolatedTemplateTests.Call("""$"{Script} {|EXEC1001:$ct|} {|EXEC1001:$fu|}"); _ = e.ExecCmdAsync(r, $@"{Script} {|EXEC1001:$ua|}" """),
            InterpolatedTemplateTests.Call(""""$"{Script} \"$ct\" \"$fu\""); _ = e.ExecCmdAsync(r, $@"{Script} ""$ua""" """"));
}
