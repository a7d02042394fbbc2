using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ExecToolkit.Sip;
using ExecToolkit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ExecToolkit.Tests.Testing;

/// <summary>
/// FakeShell, the test seam: SipExec does all it does around a process, but the process is a scripted reply. The reply's
/// output is read exactly as a real process's output is (checked against /bin/sh writing the same bytes), and every
/// failure a real call can end in can be scripted.
/// </summary>
public class FakeShellTests
{
    private const string Request =
        "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1\r\nFrom: \"Al\" <sip:alice@example.org>;tag=1\r\n" +
        "To: <sip:bob@example.com>\r\nCall-ID: fake-1\r\nCSeq: 1 INVITE\r\nX-Account: acme'; touch /tmp/pwned\r\nX-Nul: a\0b\r\nContent-Length: 0\r\n\r\n";

    private const string BadHeaderRequest =
        "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1\r\nFrom: <sip:alice@example.org>;tag=1\r\n" +
        "To: <sip:bob@example.com>\r\nCall-ID: fake-1\r\nCSeq: 1 INVITE\r\nX!Bang: 1\r\nContent-Length: 0\r\n\r\n";

    private static RequestContext Parse(string text = Request) => RequestContext.Parse(Encoding.ASCII.GetBytes(text), SipParseMode.Lenient);

    [Fact]
    public async Task A_dset_call_gets_the_scripted_output_as_uri_and_branches_and_the_invocation_is_recorded()
    {
        var shell = new FakeShell().Reply(
            "lookup.sh 'alice' 'acme'\\''; touch /tmp/pwned' 'sip:bob@example.com'",
            ShellCompletion.Exited(0, "sip:bob@10.0.0.7\nsip:bob@10.0.0.8\n"));
        using var exec = new SipExec(shell: shell);
        RequestContext request = Parse();

        DsetResult result = await exec.ExecDsetAsync(request, "lookup.sh '$fU' '$hdr(X-Account)'");

        Assert.Equal((1, ExecFailure.None), (result.ReturnCode, result.Failure));
        Assert.Equal("sip:bob@10.0.0.7", request.NewUri);
        Assert.Equal(["sip:bob@10.0.0.8"], request.Branches.Select(b => b.Uri));
        ShellInvocation invocation = Assert.Single(shell.Invocations);
        Assert.Equal(ExecFunction.Dset, invocation.Function);
        Assert.Equal("/bin/sh", invocation.Shell);
        Assert.Equal(result.Command, invocation.Command);
        Assert.Equal("bob", invocation.GetVariable("SIP_USER"));
        Assert.Equal("acme'; touch /tmp/pwned", invocation.GetVariable("SIP_HF_X_ACCOUNT"));
        Assert.Null(invocation.Stdin);
        Assert.True(invocation.ReadsOutput);
    }

    [Fact]
    public async Task The_invocation_carries_what_a_real_process_gets_environment_and_stdin()
    {
        // The same call through /bin/sh, printing its environment and stdin, and through the fake.
        RequestContext request = Parse();
        using var real = new SipExec(new ExecOptions { Stderr = StderrHandling.Discard });
        string dir = Path.Combine(Path.GetTempPath(), "exectoolkit-fake-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            ExecResult ran = await real.ExecMsgAsync(request, $"cat > '{dir}/stdin'; env -0 > '{dir}/env'");
            Assert.Equal(1, ran.ReturnCode);
            var shell = new FakeShell { Otherwise = ShellCompletion.Exited(0) };
            using var fake = new SipExec(shell: shell);
            ExecResult faked = await fake.ExecMsgAsync(Parse(), $"cat > '{dir}/stdin'; env -0 > '{dir}/env'");

            ShellInvocation invocation = Assert.Single(shell.Invocations);
            Assert.Equal(ran.Command, invocation.Command);
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "stdin")), invocation.Stdin!.Value.ToArray());
            var sipVariables = File.ReadAllBytes(Path.Combine(dir, "env")).AsSpan().ToArray()
                .Aggregate(new List<List<byte>> { new() }, (list, b) => { if (b == 0) { list.Add([]); } else { list[^1].Add(b); } return list; })
                .Select(bytes => SipText.Decode(bytes.ToArray()))
                .Where(entry => entry.StartsWith("SIP_", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);
            Assert.Equal(sipVariables, invocation.Variables.Select(v => v.Key + "=" + v.Value).Order(StringComparer.Ordinal));
            Assert.Equal((ran.ReturnCode, ran.Failure), (faked.ReturnCode, faked.Failure));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Outputs that exercise Kamailio's line rules and the output limits.</summary>
    private static readonly (string Name, byte[] Output, ExecOptions Options)[] Outputs =
    [
        ("one line", "sip:a@h\n"u8.ToArray(), new ExecOptions()),
        ("three lines", "sip:a@h\nsip:b@h\nsip:c@h\n"u8.ToArray(), new ExecOptions()),
        ("branch limit", "sip:a@h\nsip:b@h\nsip:c@h\nsip:d@h\n"u8.ToArray(), new ExecOptions { MaxBranches = 2 }),
        ("nothing", [], new ExecOptions()),
        ("blank lines", "\n\n  \r\n\t\n"u8.ToArray(), new ExecOptions()),
        ("no final newline", "sip:a@h\r\nsip:b@h"u8.ToArray(), new ExecOptions()),
        ("NUL in a line", "sip:a\0junk@h\nsip:b@h\n"u8.ToArray(), new ExecOptions()),
        ("raw bytes", [(byte)'s', (byte)'i', (byte)'p', (byte)':', 0xC3, 0x28, 0xFF, (byte)'\n'], new ExecOptions()),
        ("a line longer than fgets reads", Encoding.ASCII.GetBytes(new string('x', 2500) + "\nsip:z@h\n"), new ExecOptions()),
        ("line limit", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 30).Select(i => "sip:u" + i + "@h\n"))), new ExecOptions { MaxOutputLines = 5, MaxBranches = 32 }),
        ("byte limit", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 300).Select(i => "sip:u" + i + "@h\n"))), new ExecOptions { MaxOutputBytes = 100, MaxBranches = 32 }),
    ];

    public static TheoryData<int, int, bool> OutputCases()
    {
        var data = new TheoryData<int, int, bool>();
        for (int i = 0; i < Outputs.Length; i++)
        {
            foreach (int exit in new[] { 0, 3 })
            {
                data.Add(i, exit, true);
                data.Add(i, exit, false);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OutputCases))]
    public async Task Scripted_output_is_read_as_a_real_process_output_is(int output, int exitCode, bool dset)
    {
        var (_, bytes, options) = Outputs[output];
        // The real command writes the same bytes (octal escapes in printf's format) and exits; '#' turns exec_dset's
        // appended URI into a comment.
        string template = "printf '" + string.Concat(bytes.Select(b => "\\" + Convert.ToString(b, 8).PadLeft(3, '0'))) + "'; exit " + exitCode + " #";
        using var real = new SipExec(options);
        var shell = new FakeShell().Reply(_ => true, new ShellCompletion { ExitCode = exitCode, Output = bytes });
        using var fake = new SipExec(options, shell: shell);

        if (dset)
        {
            RequestContext realRequest = Parse(), fakeRequest = Parse();
            DsetResult expected = await real.ExecDsetAsync(realRequest, template);
            DsetResult actual = await fake.ExecDsetAsync(fakeRequest, template);
            Assert.Equal(Facts(expected), Facts(actual));
            Assert.Equal((expected.RequestUri, string.Join('|', expected.Branches)), (actual.RequestUri, string.Join('|', actual.Branches)));
            Assert.Equal((realRequest.NewUri, realRequest.Branches.Count), (fakeRequest.NewUri, fakeRequest.Branches.Count));
        }
        else
        {
            RequestContext realRequest = Parse(), fakeRequest = Parse();
            AvpResult expected = await real.ExecAvpAsync(realRequest, template, "$avp(s:first) $avp(i:7)");
            AvpResult actual = await fake.ExecAvpAsync(fakeRequest, template, "$avp(s:first) $avp(i:7)");
            Assert.Equal(Facts(expected), Facts(actual));
            Assert.Equal(expected.Assignments, actual.Assignments);
            Assert.Equal(realRequest.Avps.Entries, fakeRequest.Avps.Entries);
        }
    }

    private static (int, ExecFailure, int?, int?, bool, string) Facts(ExecResult r) => (r.ReturnCode, r.Failure, r.ExitCode, r.Signal, r.Truncated, r.Command);

    public static TheoryData<ExecFailure> Failures() => new(Enum.GetValues<ExecFailure>().Where(f => f != ExecFailure.None));

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Every_failure_can_be_scripted_and_reads_as_a_real_one(ExecFailure failure)
    {
        var shell = new FakeShell();
        var options = new ExecOptions { MaxBranches = 2, Stderr = StderrHandling.Capture };
        using var cancel = new CancellationTokenSource();
        Func<SipExec, Task<ExecResult>> call = e => e.ExecCmdAsync(Parse(), "job.sh").AsTask();
        switch (failure)
        {
            case ExecFailure.ExitStatus:
                shell.Reply("job.sh", ShellCompletion.Exited(3, stderr: "job.sh: no route\n"));
                break;
            case ExecFailure.Signaled:
                shell.Reply("job.sh", ShellCompletion.Killed(9));
                break;
            case ExecFailure.TimedOut:
                shell.Reply("job.sh", ShellCompletion.KilledByTimeToKill());
                break;
            case ExecFailure.Canceled:
                shell.Reply(_ => true, async (_, ct) =>
                {
                    await Task.Delay(Timeout.Infinite, ct);
                    return ShellCompletion.Exited(0);
                });
                cancel.CancelAfter(TimeSpan.FromMilliseconds(50));
                call = e => e.ExecCmdAsync(Parse(), "job.sh", cancellationToken: cancel.Token).AsTask();
                break;
            case ExecFailure.NoOutput:
                shell.Reply(_ => true, ShellCompletion.Exited(0, "\n\n"));
                call = async e => await e.ExecDsetAsync(Parse(), "job.sh");
                break;
            case ExecFailure.BranchLimit:
                shell.Reply(_ => true, ShellCompletion.Exited(0, "sip:a@h\nsip:b@h\nsip:c@h\n"));
                call = async e => await e.ExecDsetAsync(Parse(), "job.sh");
                break;
            case ExecFailure.EnvironmentUnavailable:
                call = e => e.ExecMsgAsync(Parse(BadHeaderRequest), "job.sh").AsTask();
                break;
            case ExecFailure.UnsafeValue:
                call = e => e.ExecCmdAsync(Parse(), "job.sh $hdr(X-Nul)").AsTask();
                break;
            case ExecFailure.Rejected:
                var release = new TaskCompletionSource();
                shell.Reply(_ => true, async (_, _) =>
                {
                    await release.Task;
                    return ShellCompletion.Exited(0);
                });
                options = new ExecOptions { MaxConcurrency = 1, QueueLimit = 0 };
                call = async e =>
                {
                    Task<ExecResult> first = e.ExecCmdAsync(null, "job.sh").AsTask();
                    ExecResult second = await e.ExecCmdAsync(null, "job.sh");
                    release.SetResult();
                    Assert.Equal(1, (await first).ReturnCode);
                    return second;
                };
                break;
            case ExecFailure.StartFailed:
                shell.Reply(_ => true, (_, _) => throw new IOException("posix_spawn: No such file or directory"));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(failure));
        }

        using var exec = new SipExec(options, shell: shell);
        ExecResult result = await call(exec);

        Assert.Equal((-1, failure), (result.ReturnCode, result.Failure));
        switch (failure)
        {
            case ExecFailure.ExitStatus:
                Assert.Equal((3, "job.sh: no route\n"), (result.ExitCode, result.Stderr));
                break;
            case ExecFailure.Signaled:
                Assert.Equal(9, result.Signal);
                break;
            case ExecFailure.TimedOut:
                Assert.True(result.TimedOut);
                break;
            case ExecFailure.EnvironmentUnavailable or ExecFailure.UnsafeValue:
                Assert.Empty(shell.Invocations); // refused before anything would start
                break;
            case ExecFailure.Rejected:
                Assert.Single(shell.Invocations);
                break;
            case ExecFailure.StartFailed:
                Assert.Contains("posix_spawn", result.Detail, StringComparison.Ordinal);
                break;
        }
    }

    [Fact]
    public async Task A_command_without_a_reply_fails_the_call_loudly_unless_Otherwise_is_set()
    {
        var shell = new FakeShell().Reply("known.sh", ShellCompletion.Exited(0));
        using var exec = new SipExec(shell: shell);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => exec.ExecCmdAsync(null, "unknown.sh --flag").AsTask());
        Assert.Contains("unknown.sh --flag", e.Message, StringComparison.Ordinal);

        shell.Otherwise = ShellCompletion.Exited(4);
        Assert.Equal(4, (await exec.ExecCmdAsync(null, "unknown.sh --flag")).ExitCode);
        Assert.Equal(["unknown.sh --flag", "unknown.sh --flag"], shell.Invocations.Select(i => i.Command));
    }

    [Fact]
    public async Task The_rule_added_last_wins()
    {
        var shell = new FakeShell()
            .Reply(_ => true, ShellCompletion.Exited(1))
            .Reply(i => i.Command.StartsWith("lookup.sh", StringComparison.Ordinal), ShellCompletion.Exited(2))
            .Reply("lookup.sh 'x'", ShellCompletion.Exited(0));
        using var exec = new SipExec(shell: shell);

        Assert.Equal(0, (await exec.ExecCmdAsync(null, "lookup.sh 'x'")).ExitCode);
        Assert.Equal(2, (await exec.ExecCmdAsync(null, "lookup.sh 'y'")).ExitCode);
        Assert.Equal(1, (await exec.ExecCmdAsync(null, "other")).ExitCode);
    }

    [Fact]
    public async Task A_completion_that_is_not_a_process_outcome_is_an_error_naming_the_command()
    {
        var shell = new FakeShell()
            .Reply("neither", new ShellCompletion())
            .Reply("both", new ShellCompletion { ExitCode = 0, Signal = 9 })
            .Reply("range", new ShellCompletion { ExitCode = 256 });
        using var exec = new SipExec(shell: shell);

        foreach (string command in new[] { "neither", "both", "range" })
        {
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => exec.ExecCmdAsync(null, command).AsTask());
            Assert.EndsWith("for: " + command, e.Message, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => ShellCompletion.Exited(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShellCompletion.Exited(256));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShellCompletion.Killed(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShellCompletion.Killed(65));
    }

    [Fact]
    public async Task A_ShellExecutor_registered_before_AddExec_runs_the_commands_of_the_container_SipExec()
    {
        var shell = new FakeShell { Otherwise = ShellCompletion.Exited(0, "sip:x@y\n") };
        using ServiceProvider services = new ServiceCollection()
            .AddSingleton<ShellExecutor>(shell)
            .AddExec(o => o.TimeToKill = TimeSpan.FromSeconds(2))
            .BuildServiceProvider();

        DsetResult result = await services.GetRequiredService<SipExec>().ExecDsetAsync(Parse(), "exit 9");

        Assert.Equal(1, result.ReturnCode);
        Assert.Equal(TimeSpan.FromSeconds(2), Assert.Single(shell.Invocations).TimeToKill);
    }

    [Fact]
    public async Task Calls_through_the_fake_run_concurrently_and_every_one_is_recorded()
    {
        var shell = new FakeShell().Reply(_ => true, async (i, ct) =>
        {
            await Task.Yield();
            return ShellCompletion.Exited(0, "sip:" + i.GetVariable("SIP_HF_CALLID") + "@h\n");
        });
        using var exec = new SipExec(shell: shell);

        DsetResult[] results = await Task.WhenAll(Enumerable.Range(0, 200).Select(async n =>
            await exec.ExecDsetAsync(Parse(Request.Replace("fake-1", "c" + n, StringComparison.Ordinal)), "route.sh")));

        Assert.Equal(Enumerable.Range(0, 200).Select(n => "sip:c" + n + "@h"), results.Select(r => r.RequestUri));
        Assert.Equal(200, shell.Invocations.Count);
    }
}
