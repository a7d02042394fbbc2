using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using ExecToolkit.Tests.Oracle;

namespace ExecToolkit.Tests.Exec;

/// <summary>exec_msg return codes and the environment switch against Kamailio's recordings.</summary>
public class OracleMsgTests
{
    // route[MAIN]'s second call with the probe replaced by `true`: same words, same redirections, same quoting.
    private const string ArgvTemplate = "true '$ct' $rU $$SIP_OUSER";

    public static IEnumerable<object[]> MainCases() => OracleData.Names(c => c.Expected.GetProperty("rc").TryGetProperty("exec_msg_argv", out _) && c.Name != "68-edge-pv");

    [Theory]
    [MemberData(nameof(MainCases))]
    public async Task Verbatim_mode_reproduces_kamailio_return_codes_including_broken_quoting(string name)
    {
        OracleCase c = OracleData.Get(name);
        JsonElement rc = c.Expected.GetProperty("rc");
        using var exec = new SipExec(new ExecOptions { ExpansionMode = ExpansionMode.Verbatim, Stderr = StderrHandling.Discard });

        var msg = await exec.ExecMsgAsync(c.CreateContext(), "cat >/dev/null");
        var argv = await exec.ExecMsgAsync(c.CreateContext(), ArgvTemplate);

        Assert.Equal(rc.GetProperty("exec_msg").GetInt32(), msg.ReturnCode);
        Assert.True(msg.StdinComplete);
        Assert.Equal(rc.GetProperty("exec_msg_argv").GetInt32(), argv.ReturnCode);
    }

    [Theory]
    [MemberData(nameof(MainCases))]
    public async Task ShellSafe_mode_runs_the_same_command_whatever_the_request_holds(string name)
    {
        OracleCase c = OracleData.Get(name);
        using var exec = new SipExec(new ExecOptions { Stderr = StderrHandling.Discard });

        var argv = await exec.ExecMsgAsync(c.CreateContext(), ArgvTemplate);

        // Divergence: Kamailio returns -1 where a quote in $ct or $rU breaks the command, or a missing $rU prints an
        // unquoted <null> (a redirection). ShellSafe quotes every value, so the command always runs.
        Assert.Equal(1, argv.ReturnCode);
    }

    [Fact]
    public async Task Setvars_off_exports_no_SIP_variables_and_changes_nothing_else()
    {
        OracleCase c = OracleData.Get("variant-setvars0");
        Assert.Empty(c.SipEnvironment("dump-msg.1"));
        using var off = new SipExec(new ExecOptions { SetVars = false });
        using var on = new SipExec();

        var without = await off.ExecAvpAsync(c.CreateContext(), "env | grep -c '^SIP_' || true");
        var with = await on.ExecAvpAsync(c.CreateContext(), "env | grep -c '^SIP_' || true");
        var argv = await off.ExecAvpAsync(c.CreateContext(), "printf '%s\\n' '$ct' $rU", "$avp(s:ct) $avp(s:ru)");

        Assert.Equal("0", without.Assignments.Single().Value);
        Assert.NotEqual("0", with.Assignments.Single().Value);
        var recorded = c.Probe("argv-x.1")!.Value.GetProperty("argv").EnumerateArray().Skip(1).Select(a => a.GetString()).ToArray();
        Assert.Equal(recorded, argv.Assignments.Select(a => a.Value));
    }
}
