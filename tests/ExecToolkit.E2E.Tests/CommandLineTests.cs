using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace ExecToolkit.E2E.Tests;

/// <summary>The sample server's command line as a user types it: help, errors, exit codes, settings that work alone.</summary>
public sealed class CommandLineTests
{
    private static readonly string Dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples", "ExecToolkit.SampleServer", "bin",
        AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug", "net10.0", "exec-sample-server.dll"));

    // Runs the server to its end, or until `until` appears in its output (then SIGTERM); the exit code and both outputs.
    private static (int Exit, string Stdout, string Stderr) Run(string[] args, string? until = null, IDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Dll);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        using Process p = Process.Start(psi)!;
        var stdout = new System.Text.StringBuilder();
        var seen = new ManualResetEventSlim();
        p.OutputDataReceived += (_, e) =>
        {
            lock (stdout)
            {
                stdout.AppendLine(e.Data);
                if (until is not null && stdout.ToString().Contains(until, StringComparison.Ordinal))
                {
                    seen.Set();
                }
            }
        };
        p.BeginOutputReadLine();
        var stderr = p.StandardError.ReadToEndAsync();
        if (until is not null)
        {
            if (!seen.Wait(TimeSpan.FromSeconds(30)))
            {
                p.Kill();
                Assert.Fail("no '" + until + "' in:\n" + stdout + stderr.Result);
            }

            Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        }

        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(30)), "the server did not end");
        p.WaitForExit();
        lock (stdout)
        {
            return (p.ExitCode, stdout.ToString(), stderr.Result);
        }
    }

    [Fact]
    public void Help_and_version_print_and_exit_0_without_starting()
    {
        var (exit, stdout, _) = Run(["--help"]);
        Assert.Equal(0, exit);
        Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
        Assert.All(new[] { "--listen", "--transport", "--scripts", "--archive", "--time-to-kill", "--concurrency", "--workers" }, o => Assert.Contains(o, stdout, StringComparison.Ordinal));
        Assert.DoesNotContain("listening", stdout, StringComparison.Ordinal);
        Assert.Equal(0, Run(["--version"]).Exit);
    }

    [Theory]
    [InlineData("--lisen|127.0.0.1:5070", "'--lisen'")]
    [InlineData("--port|5070", "'--port'")]
    [InlineData("--time-to-kill|abc", "--time-to-kill: expected a time")]
    [InlineData("--time-to-kill|-1", "--time-to-kill")]
    [InlineData("--concurrency|0", "--concurrency: expected a whole number of at least 1")]
    [InlineData("--workers|-1", "--workers")]
    [InlineData("--transport|sctp", "--transport: expected udp, tcp or both")]
    [InlineData("--listen|127.0.0.1:99999", "--listen: expected ADDRESS[:PORT]")]
    [InlineData("--listen|no such host:5060", "--listen: expected ADDRESS[:PORT]")]
    [InlineData("--workers|9|--concurrency|4", "Sample:Workers: must be 0 to the exec concurrency (4), got 9")]
    public void A_bad_option_is_one_line_on_stderr_and_exit_2(string args, string message)
    {
        var (exit, stdout, stderr) = Run(args.Split('|'));

        Assert.Equal(2, exit);
        Assert.StartsWith("exec-sample-server: ", stderr, StringComparison.Ordinal);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("listening", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SocketType.Dgram, ProtocolType.Udp)]
    [InlineData(SocketType.Stream, ProtocolType.Tcp)]
    public void A_port_in_use_fails_the_start_with_exit_1(SocketType type, ProtocolType protocol)
    {
        using var taken = new Socket(AddressFamily.InterNetwork, type, protocol);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        if (type == SocketType.Stream)
        {
            taken.Listen();
        }

        int port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        var (exit, _, stderr) = Run(["--listen", "127.0.0.1:" + port]);

        Assert.Equal(1, exit);
        Assert.Equal("exec-sample-server: cannot listen on 127.0.0.1:" + port + ": Address already in use\n", stderr);
    }

    [Fact]
    public void Settings_work_alone_times_take_units_and_host_names_resolve()
    {
        string state = Path.Combine(Path.GetTempPath(), "exec-state-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exit, stdout, _) = Run(["--listen", "localhost:0", "--concurrency", "4", "--time-to-kill", "2"], until: "time to kill",
                new Dictionary<string, string> { ["XDG_STATE_HOME"] = state, ["STATE_DIRECTORY"] = "" });
            Assert.Equal(0, exit);
            Assert.Matches(@"listening on udp:127\.0\.0\.1:\d+", stdout);
            Assert.Matches(@"listening on tcp:127\.0\.0\.1:\d+", stdout);
            Assert.Contains("time to kill 00:00:02, concurrency 4, workers 4, ", stdout, StringComparison.Ordinal);
            Assert.Contains("archive " + Path.Combine(state, "exec-sample-server", "archive"), stdout, StringComparison.Ordinal);

            (exit, stdout, _) = Run(["--listen", "127.0.0.1:0", "--transport", "udp", "--time-to-kill", "1500ms"], until: "time to kill",
                new Dictionary<string, string> { ["STATE_DIRECTORY"] = state });
            Assert.Equal(0, exit);
            Assert.DoesNotContain("listening on tcp", stdout, StringComparison.Ordinal);
            Assert.Contains("time to kill 00:00:01.5000000, concurrency 16, workers 8, ", stdout, StringComparison.Ordinal);
            Assert.Contains("archive " + Path.Combine(state, "archive"), stdout, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(state))
            {
                Directory.Delete(state, recursive: true);
            }
        }
    }
}
