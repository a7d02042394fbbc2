using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ExecToolkit.Tests.Templates;

namespace ExecToolkit.Tests.Exec;

/// <summary>Output floods and big messages: memory stays bounded, flags are right, nothing deadlocks.</summary>
public class FloodTests
{
    [Fact]
    public async Task Yes_stops_at_the_output_cap_and_says_truncated()
    {
        using var exec = new SipExec(new ExecOptions { MaxOutputBytes = 64 * 1024, MaxOutputLines = 1_000_000, TimeToKill = TimeSpan.FromSeconds(10) });
        long before = GC.GetTotalAllocatedBytes(precise: true);

        var result = await exec.ExecAvpAsync(ShellSafePropertyTests.MinimalRequest(), "yes");

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.True(result.Truncated);
        Assert.False(result.TimedOut);
        // Reading stopped at the cap and the pipe was closed: yes dies of SIGPIPE (the shell reports 128 + 13).
        Assert.True(result.Signal == 13 || result.ExitCode == 141, $"signal {result.Signal}, exit {result.ExitCode}");
        Assert.Equal(-1, result.ReturnCode);
        Assert.InRange(result.Assignments.Count, 32 * 1024 - 1, 32 * 1024);
        Assert.All(result.Assignments, a => Assert.Equal("y", a.Value));
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task Line_cap_stops_reading_too()
    {
        using var exec = new SipExec(new ExecOptions { MaxOutputLines = 100 });
        var result = await exec.ExecAvpAsync(ShellSafePropertyTests.MinimalRequest(), "yes");
        Assert.True(result.Truncated);
        Assert.Equal(100, result.Assignments.Count);
    }

    [Fact]
    public async Task A_64_KiB_line_is_split_like_fgets_1024()
    {
        using var exec = new SipExec();
        var result = await exec.ExecAvpAsync(ShellSafePropertyTests.MinimalRequest(), "head -c 65536 /dev/zero | tr '\\0' 'a'; echo; echo after");

        Assert.Equal(1, result.ReturnCode);
        Assert.False(result.Truncated);
        // 65536 = 64 chunks of 1023 bytes + 64 bytes.
        Assert.Equal(66, result.Assignments.Count);
        Assert.All(result.Assignments.Take(64), a => Assert.Equal(1023, a.Value.Length));
        Assert.Equal(64, result.Assignments[64].Value.Length);
        Assert.Equal("after", result.Assignments[65].Value);
        Assert.Equal(Enumerable.Range(1, 66).Select(i => "i:" + i), result.Assignments.Select(a => a.Name.ToString()));
    }

    [Fact]
    public async Task A_one_megabyte_message_reaches_a_slow_reader_whole_while_its_output_is_drained()
    {
        string body = string.Concat(Enumerable.Range(0, 1_000_000 / 50).Select(i => i.ToString("D49", System.Globalization.CultureInfo.InvariantCulture) + "\n"));
        byte[] message = Encoding.ASCII.GetBytes($"MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:c@d>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: big\r\nCSeq: 1 MESSAGE\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        var request = RequestContext.Parse(message);
        using var exec = new SipExec(new ExecOptions { TimeToKill = TimeSpan.FromSeconds(60) });
        string file = System.IO.Path.GetTempFileName();
        try
        {
            // Starts reading only after a second, long after the pipe buffer filled up.
            var result = await exec.ExecMsgAsync(request, "sleep 1; cat > '" + file + "'");

            Assert.Equal(1, result.ReturnCode);
            Assert.True(result.StdinComplete);
            Assert.Equal(message, await System.IO.File.ReadAllBytesAsync(file));
        }
        finally
        {
            System.IO.File.Delete(file);
        }
    }

    [Fact]
    public async Task A_command_that_ignores_a_big_stdin_gets_a_clear_result()
    {
        byte[] message = Encoding.ASCII.GetBytes("MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:c@d>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: big\r\nCSeq: 1 MESSAGE\r\nContent-Length: 1000000\r\n\r\n" + new string('x', 1_000_000));
        using var exec = new SipExec();
        var clock = Stopwatch.StartNew();

        var result = await exec.ExecMsgAsync(RequestContext.Parse(message), "exit 0");

        Assert.Equal(1, result.ReturnCode);
        Assert.False(result.StdinComplete);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Stderr_is_captured_up_to_its_cap()
    {
        using var exec = new SipExec(new ExecOptions { Stderr = StderrHandling.Capture, MaxStderrBytes = 10 });
        var result = await exec.ExecCmdAsync(null, "echo 0123456789abcdef >&2; exit 3");
        Assert.Equal(-1, result.ReturnCode);
        Assert.Equal(ExecFailure.ExitStatus, result.Failure);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("0123456789", result.Stderr);
    }
}
