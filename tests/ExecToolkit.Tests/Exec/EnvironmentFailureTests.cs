using System.IO;
using System.Text;
using System.Threading.Tasks;
using ExecToolkit.Sip;

namespace ExecToolkit.Tests.Exec;

/// <summary>A request Kamailio routes but cannot build the environment for: -1 without running, exec_cmd still runs.</summary>
public class EnvironmentFailureTests
{
    private static readonly byte[] BadHeader = Encoding.ASCII.GetBytes(
        "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-x\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: bang\r\nCSeq: 1 OPTIONS\r\nX!Bang: 1\r\nX-After: 2\r\nContent-Length: 0\r\n\r\n");

    private static readonly byte[] BadSecondVia = Encoding.ASCII.GetBytes(
        "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-x\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: via\r\nCSeq: 1 OPTIONS\r\nVia: SIP/2.0/UDP\r\nContent-Length: 0\r\n\r\n");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Exec_functions_return_minus_one_without_running_and_exec_cmd_runs(bool badVia)
    {
        var request = RequestContext.Parse(badVia ? BadSecondVia : BadHeader, SipParseMode.Lenient);
        Assert.NotNull(request.Request.HeaderError);
        Assert.Throws<SipParseException>(() => SipRequest.Parse(badVia ? BadSecondVia : BadHeader));
        string marker = Path.Combine(Path.GetTempPath(), "exec-envfail-" + System.Guid.NewGuid().ToString("N"));
        using var exec = new SipExec();

        var msg = await exec.ExecMsgAsync(request, "touch " + marker);
        var dset = await exec.ExecDsetAsync(request, "touch " + marker + "; echo sip:x@y");
        var avp = await exec.ExecAvpAsync(request, "touch " + marker + "; echo x");

        Assert.All(new ExecResult[] { msg, dset, avp }, r =>
        {
            Assert.Equal(-1, r.ReturnCode);
            Assert.Equal(ExecFailure.EnvironmentUnavailable, r.Failure);
            Assert.Null(r.ProcessId);
        });
        Assert.False(File.Exists(marker));

        var cmd = await exec.ExecCmdAsync(request, "touch " + marker);
        Assert.Equal(1, cmd.ReturnCode);
        Assert.True(File.Exists(marker));
        File.Delete(marker);
    }

    [Fact]
    public async Task With_setvars_off_the_command_runs()
    {
        var request = RequestContext.Parse(BadHeader, SipParseMode.Lenient);
        using var exec = new SipExec(new ExecOptions { SetVars = false });
        var avp = await exec.ExecAvpAsync(request, "echo $rU");
        Assert.Equal(1, avp.ReturnCode);
        Assert.Equal("bob", avp.Assignments[0].Value);
    }

    [Fact]
    public void Headers_before_the_bad_one_stay_usable()
    {
        var request = RequestContext.Parse(BadHeader, SipParseMode.Lenient);
        Assert.Equal(new[] { "Via", "From", "To", "Call-ID", "CSeq" }, System.Linq.Enumerable.Select(request.Request.Headers, h => h.Name));
        Assert.Equal("bang", request.Request.CallId);
        Assert.Equal(7, request.Request.HeaderError!.Line);
        Assert.Equal("'bob' 'bang' '<null>'", CommandTemplate.Parse("$rU $ci $hdr(X-After)").Expand(request));
        var e = Assert.Throws<System.InvalidOperationException>(() => SipEnvironment.Build(request));
        Assert.StartsWith("the environment cannot be built: invalid character '!' in header name 'X!Bang' at line 7", e.Message, System.StringComparison.Ordinal);
    }
}
