using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ExecToolkit.Tests.Templates;

namespace ExecToolkit.Tests.Exec;

/// <summary>Kamailio's rules that the oracle corpus does not cover one by one.</summary>
public class ExecSemanticsTests
{
    private static RequestContext Request(string extraHeaders = "", string toTag = "")
        => RequestContext.Parse(Encoding.ASCII.GetBytes(
            "BYE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-s\r\nFrom: <sip:a@b>;tag=f\r\nTo: <sip:bob@127.0.0.1>" + toTag + "\r\nCall-ID: sem\r\nCSeq: 2 BYE\r\n" + extraHeaders + "Content-Length: 0\r\n\r\n"));

    [Fact]
    public void An_empty_to_tag_gives_an_empty_SIP_DID_not_the_rest_of_the_datagram()
    {
        var env = SipEnvironment.Build(Request(toTag: ";tag="));
        Assert.Equal("", env.Single(v => v.Name == "SIP_DID").ValueText);
        Assert.Equal("t1", SipEnvironment.Build(Request(toTag: ";tag=t1")).Single(v => v.Name == "SIP_DID").ValueText);
    }

    [Fact]
    public async Task The_server_environment_is_never_changed()
    {
        using var exec = new SipExec();
        var before = Environment.GetEnvironmentVariables().Count;
        var result = await exec.ExecAvpAsync(Request(), "echo \"$$SIP_HF_CALLID\"");
        Assert.Equal("sem", result.Assignments.Single().Value);
        Assert.Null(Environment.GetEnvironmentVariable("SIP_HF_CALLID"));
        Assert.Equal(before, Environment.GetEnvironmentVariables().Count);
    }

    [Fact]
    public async Task Exec_dset_keeps_earlier_branches_and_stops_at_max_branches_minus_one()
    {
        using var exec = new SipExec(new ExecOptions { MaxBranches = 4 });
        var request = Request();

        var first = await exec.ExecDsetAsync(request, "printf 'sip:r1@h\\nsip:b1@h\\n'; :");
        var second = await exec.ExecDsetAsync(request, "printf 'sip:r2@h\\nsip:b2@h\\nsip:b3@h\\nsip:b4@h\\n'; :");

        Assert.Equal(1, first.ReturnCode);
        Assert.Equal(-1, second.ReturnCode);
        Assert.Equal(ExecFailure.BranchLimit, second.Failure);
        Assert.Equal("sip:r2@h", request.CurrentUri);
        Assert.Equal(new[] { "sip:b1@h", "sip:b2@h", "sip:b3@h" }, request.Branches.Select(b => b.Uri));
        Assert.Equal(new[] { "sip:b2@h", "sip:b3@h" }, second.Branches);
        Assert.EndsWith(" 'sip:r1@h'", second.Command, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Per_call_time_to_kill_overrides_the_executor()
    {
        using var exec = new SipExec(new ExecOptions { TimeToKill = TimeSpan.FromSeconds(30), KillGrace = TimeSpan.FromMilliseconds(100) });
        var result = await exec.ExecCmdAsync(null, "sleep 10", new ExecCallOptions { TimeToKill = TimeSpan.FromMilliseconds(200) });
        Assert.True(result.TimedOut);
        Assert.InRange(result.Duration, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Exec_cmd_result_does_not_depend_on_what_it_prints()
    {
        using var exec = new SipExec();
        for (int i = 0; i < 50; i++)
        {
            var result = await exec.ExecCmdAsync(null, "head -c 100000 /dev/zero");
            Assert.Equal(1, result.ReturnCode);
        }
    }

    [Fact]
    public async Task Exec_msg_writes_the_exact_datagram_and_nothing_more()
    {
        var request = ShellSafePropertyTests.MinimalRequest();
        using var exec = new SipExec();
        string file = System.IO.Path.GetTempFileName();
        try
        {
            var result = await exec.ExecMsgAsync(request, "cat > '" + file + "'");
            Assert.Equal(1, result.ReturnCode);
            Assert.Equal(request.Request.Raw.ToArray(), await System.IO.File.ReadAllBytesAsync(file));
        }
        finally
        {
            System.IO.File.Delete(file);
        }
    }

    [Fact]
    public async Task Unsafe_values_stop_the_call_before_anything_runs()
    {
        using var exec = new SipExec();
        var request = Request("X-N: 1+1\r\n");
        var result = await exec.ExecCmdAsync(request, "echo $$(( $hdr(X-N) ))");
        Assert.Equal(-1, result.ReturnCode);
        Assert.Equal(ExecFailure.UnsafeValue, result.Failure);
        Assert.Null(result.ProcessId);
        Assert.Contains("integer", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sip:bob\0x@127.0.0.1")]
    [InlineData("sip:bob@127.0.0.1;p=\0")]
    public async Task A_NUL_in_the_request_uri_makes_exec_dset_return_minus_one_without_running(string uri)
    {
        // Kamailio's command ends at the NUL inside the quotes it opened for the URI: a syntax error, rc -1. One
        // datagram must not throw out of the call (it used to end the sample server).
        var request = RequestContext.Parse(Encoding.ASCII.GetBytes(
            "INVITE " + uri + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-n\r\nFrom: <sip:a@b>;tag=f\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: nul\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"));
        using var exec = new SipExec();
        foreach (ExpansionMode mode in new[] { ExpansionMode.ShellSafe, ExpansionMode.Verbatim })
        {
            DsetResult result = await exec.ExecDsetAsync(request, "echo sip:x@127.0.0.1", new ExecCallOptions { ExpansionMode = mode });
            Assert.Equal(-1, result.ReturnCode);
            Assert.Equal(ExecFailure.UnsafeValue, result.Failure);
            Assert.Null(result.ProcessId);
            Assert.Null(request.NewUri);
        }
    }

    [Theory]
    [InlineData("echo $hdr(X-N) > '{0}'")]
    [InlineData("echo '$hdr(X-N)' > '{0}'")]
    [InlineData("echo \"$hdr(X-N)\" > '{0}'")]
    [InlineData("echo \"$${{UNSET:-$hdr(X-N)}}\" > '{0}'")]
    public async Task A_NUL_in_a_value_is_refused_in_every_context_and_cuts_the_command_in_verbatim_mode(string template)
    {
        // The one NUL rule (docs/shell-safety.md#nul): ShellSafe refuses the value, -1 and nothing runs; Verbatim cuts
        // the command at the NUL as Kamailio's popen does.
        string file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "exec-nul-" + Guid.NewGuid().ToString("N"));
        var request = Request("X-N: a\0b\r\n");
        using var exec = new SipExec();
        string command = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, file);
        var refused = await exec.ExecCmdAsync(request, command);
        Assert.Equal(-1, refused.ReturnCode);
        Assert.Equal(ExecFailure.UnsafeValue, refused.Failure);
        Assert.Contains("NUL", refused.Detail, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(file));
        Assert.Throws<ExecToolkit.Templates.UnsafeShellValueException>(() => CommandTemplate.Parse(command).Expand(request));
        Assert.EndsWith("a", CommandTemplate.Parse(command).Expand(request, ExpansionMode.Verbatim), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_or_variable_over_the_per_string_limit_says_which_and_why()
    {
        using var exec = new SipExec();
        ExecResult command = await exec.ExecCmdAsync(Request(), "echo " + new string('b', 140_000));
        Assert.Equal(ExecFailure.StartFailed, command.Failure);
        Assert.Contains("the command is 140,005 bytes; Linux takes at most 131,072 bytes in one argument or environment string", command.Detail, StringComparison.Ordinal);

        ExecResult header = await exec.ExecMsgAsync(Request("X-Big: " + new string('a', 140_000) + "\r\n"), "cat >/dev/null");
        Assert.Equal(-1, header.ReturnCode);
        Assert.Equal(ExecFailure.StartFailed, header.Failure);
        Assert.Contains("the environment variable SIP_HF_X_BIG is 140,013 bytes", header.Detail, StringComparison.Ordinal);
        Assert.Contains("MaxEnvironmentValueBytes", header.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_size_limit_leaves_oversized_variables_out_and_the_command_runs()
    {
        var request = Request("X-Big: " + new string('a', 140_000) + "\r\nX-Small: " + new string('s', 100) + "\r\n");
        const string Script = "test \"$${SIP_HF_X_BIG-unset}\" = unset && test $${#SIP_HF_X_SMALL} = 100 && test \"$$SIP_HF_CALLID\" = sem";

        using var exec = new SipExec();
        ExecResult limited = await exec.ExecMsgAsync(request, Script, new ExecCallOptions { MaxEnvironmentValueBytes = EnvironmentPolicy.LinuxValueLimit });
        Assert.Equal(1, limited.ReturnCode);

        // The same from the options (as configuration binds them); templates write $$ for the shell's $, and the lower of two limits holds.
        using var configured = new SipExec(new ExecOptions { MaxEnvironmentValueBytes = 99 });
        Assert.Equal(-1, (await configured.ExecMsgAsync(request, Script)).ReturnCode);
        Assert.Equal(1, (await configured.ExecMsgAsync(request, "test \"$${SIP_HF_X_SMALL-unset}\" = unset && test \"$${SIP_HF_X_BIG-unset}\" = unset")).ReturnCode);
        Assert.Equal(1, (await exec.ExecMsgAsync(request, Script, new ExecCallOptions { MaxEnvironmentValueBytes = 100 })).ReturnCode);
    }
}
