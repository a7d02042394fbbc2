using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using ExecToolkit.PseudoVariables;
using ExecToolkit.Templates;

namespace ExecToolkit.Tests.Oracle;

/// <summary>Pseudo-variable values and expanded command strings against what Kamailio 5.6 recorded.</summary>
public class OracleExpansionTests
{
    // The recorder's kamailio.cfg (tests/oracle/recorder) runs these with ORACLE_DIR standing for its probe folder,
    // and the recorded commands spell that folder ORACLE_DIR again, so the expansion compares whole strings.
    // route[MAIN], second call.
    private const string MainArgvTemplate = "ORACLE_DIR/argv.sh '$ct' $rU $$SIP_OUSER";

    // route[EDGE], case "edge-pv", first call (the cfg string's \" unescaped).
    private const string EdgePvTemplate =
        "ORACLE_DIR/argv.sh $$$$ x$$HOME $$$$SIP_OUSER '$var(undefined)' '$avp(s:nonexist)' '$hdr(X-None)' '$$(echo sub)' \"$$SIP_HF_X_Q\" '$hdr(X-Q)' $$SIP_HF_X_Q $hdr(X-Q)";

    public static IEnumerable<object[]> CasesWithArgvProbe() => OracleData.Names(c => c.Probe("argv-x.1") is not null);

    public static IEnumerable<object[]> CasesWithStates() => OracleData.Names(c => c.Expected.TryGetProperty("states", out var s) && s.TryGetProperty("before_dset", out _));

    [Fact]
    public void The_templates_are_the_calls_of_the_recorder_configuration()
    {
        string cfg = File.ReadAllText(Path.Combine(OracleData.Recorder, "kamailio.cfg"));

        Assert.Contains("exec_msg(\"" + MainArgvTemplate + "\");", cfg, StringComparison.Ordinal);
        Assert.Contains("exec_msg(\"" + EdgePvTemplate.Replace("\"", "\\\"", StringComparison.Ordinal) + "\");", cfg, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CasesWithArgvProbe))]
    public void Verbatim_expansion_equals_the_command_kamailio_ran(string name)
    {
        OracleCase c = OracleData.Get(name);
        string template = name == "68-edge-pv" ? EdgePvTemplate : MainArgvTemplate;
        string expected = c.Probe("argv-x.1")!.Value.GetProperty("command").GetString()!;

        string actual = CommandTemplate.Parse(template).Expand(c.CreateContext(), ExpansionMode.Verbatim);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(CasesWithStates))]
    public void Request_uri_pseudo_variables_equal_kamailio_state_before_exec_dset(string name)
    {
        OracleCase c = OracleData.Get(name);
        JsonElement state = c.Expected.GetProperty("states").GetProperty("before_dset");
        RequestContext context = c.CreateContext();

        AssertPv(state.GetProperty("ru"), "$ru", context);
        AssertPv(state.GetProperty("rU"), "$rU", context);
        AssertPv(state.GetProperty("du"), "$du", context);
    }

    [Theory]
    [MemberData(nameof(CasesWithArgvProbe))]
    public void ShellSafe_expansion_of_the_same_template_gives_the_values_as_single_arguments(string name)
    {
        OracleCase c = OracleData.Get(name);
        RequestContext context = c.CreateContext();
        string ct = PseudoVariableEvaluator.Print(TemplateParser.Parse("$ct")[0].Variable!, context);
        string rU = PseudoVariableEvaluator.Print(TemplateParser.Parse("$rU")[0].Variable!, context);

        string command = CommandTemplate.Parse("printf '%s\\0' '$ct' $rU").Expand(context);

        Assert.Equal(new[] { ct, rU }, Shell.Run(command).Split('\0')[..^1]);
    }

    private static void AssertPv(JsonElement expected, string pv, RequestContext context)
    {
        var spec = TemplateParser.Parse(pv)[0].Variable!;
        PrintedValueKind kind = PseudoVariableEvaluator.Evaluate(spec, context, out string value);
        if (expected.GetProperty("null").GetBoolean())
        {
            Assert.Equal(PrintedValueKind.Null, kind);
            Assert.Equal("<null>", value);
        }
        else
        {
            Assert.Equal(PrintedValueKind.Value, kind);
            Assert.Equal(expected.GetProperty("text").GetString(), value);
        }
    }
}
