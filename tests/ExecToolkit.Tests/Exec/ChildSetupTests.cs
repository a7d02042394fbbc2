using System;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using ExecToolkit.Tests.Templates;

namespace ExecToolkit.Tests.Exec;

/// <summary>What the command starts with: signal dispositions, mask and descriptors, read in its own /proc entry.</summary>
[Collection(nameof(ProcessAccounting))]
public partial class ChildSetupTests
{
    // A real-time signal nothing in the test process uses (the runtime takes SIGRTMIN, glibc 32 and 33).
    private const int SpareRealTimeSignal = 50;

    private static RequestContext Request() => ShellSafePropertyTests.MinimalRequest();

    private static async Task<string[]> LinesOf(string command)
    {
        using var exec = new SipExec();
        AvpResult result = await exec.ExecAvpAsync(Request(), command);
        Assert.Equal(1, result.ReturnCode);
        return [.. result.Assignments.Select(a => a.Value)];
    }

    [Fact]
    public async Task The_command_starts_with_no_signal_ignored_or_blocked_even_those_the_server_ignores()
    {
        // The server ignores SIGPIPE (the runtime does) and here also a real-time signal: an ignored disposition
        // survives exec, so the child would inherit it unless the spawn resets every signal.
        IntPtr previous = signal(SpareRealTimeSignal, SigIgn);
        try
        {
            Assert.NotEqual(SigErr, previous);
            string[] lines = await LinesOf("exec grep -E '^Sig(Ign|Blk):' /proc/self/status");
            Assert.Equal(2, lines.Length);
            Assert.Equal("SigBlk:\t0000000000000000", lines[0]);

            // Where commands start with posix_spawn (the fallback), glibc leaves its own two signals (32 and 33, below
            // what programs see as SIGRTMIN) ignored, as in any child it starts, popen's included; nothing else may be.
            // The native start leaves none (NativeSpawnTests).
            Assert.StartsWith("SigIgn:\t", lines[1], StringComparison.Ordinal);
            ulong ignored = Convert.ToUInt64(lines[1]["SigIgn:\t".Length..], 16);
            Assert.Equal(0UL, ignored & ~GlibcInternalSignals);
        }
        finally
        {
            signal(SpareRealTimeSignal, previous);
        }
    }

    [Fact]
    public async Task Stdin_of_exec_dset_and_exec_avp_is_dev_null_opened_for_reading()
    {
        string[] lines = await LinesOf("readlink /proc/self/fd/0; grep '^flags' /proc/self/fdinfo/0");
        Assert.Equal("/dev/null", lines[0]);
        Assert.Equal(0, AccessMode(lines[1]));

        using var exec = new SipExec();
        DsetResult dset = await exec.ExecDsetAsync(Request(), "printf 'sip:%s@h\\n' $$(readlink /proc/self/fd/0 | tr / _); :");
        Assert.Equal("sip:_dev_null@h", dset.RequestUri);
    }

    [Fact]
    public async Task Stdout_of_exec_cmd_is_dev_null_opened_for_writing()
    {
        using var exec = new SipExec(new ExecOptions { Stderr = StderrHandling.Capture });
        // Descriptor 9 is a copy of the command's stdout taken before stdout goes to the captured stderr.
        ExecResult result = await exec.ExecCmdAsync(null, "readlink /proc/self/fd/9 9>&1 >&2; grep '^flags' /proc/self/fdinfo/9 9>&1 >&2");
        Assert.Equal(1, result.ReturnCode);
        string[] lines = result.Stderr!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("/dev/null", lines[0]);
        Assert.Equal(1, AccessMode(lines[1]));
    }

    [Fact]
    public async Task The_command_gets_no_descriptor_of_the_server_beyond_0_1_and_2()
    {
        // ls opens the directory it lists: that is the one more.
        string[] lines = await LinesOf("exec ls /proc/self/fd");
        Assert.Equal(["0", "1", "2", "3"], lines.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Every_command_gets_its_own_descriptors_0_1_and_2_when_one_thread_runs_every_kind_in_turn()
    {
        // The spawn's file actions are kept per thread while the sources stay the same: one SipExec that runs a command at
        // a time keeps its thread, and each call here changes what 0, 1 or 2 are made of (stdin pipe or /dev/null, stdout
        // pipe, the server's or /dev/null, stderr pipe, /dev/null or the server's), in a shuffled order.
        string serverStdout = new System.IO.FileInfo("/proc/self/fd/1").LinkTarget!;
        string serverStderr = new System.IO.FileInfo("/proc/self/fd/2").LinkTarget!;
        string file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "exectoolkit-fds-" + Guid.NewGuid().ToString("N"));
        var calls = (from function in new[] { ExecFunction.Dset, ExecFunction.Avp, ExecFunction.Msg, ExecFunction.Cmd }
                     from stderr in new[] { StderrHandling.Capture, StderrHandling.Discard, StderrHandling.Inherit }
                     from repeat in Enumerable.Range(0, 3)
                     select (function, stderr)).ToArray();
        new Random(17).Shuffle(calls);
        using var exec = new SipExec(new ExecOptions { MaxConcurrency = 1 });
        try
        {
            // The shell's own descriptors ($$), read before any redirection (a substitution's child leaves them alone).
            string command = "f0=$$(readlink /proc/$$$$/fd/0); f1=$$(readlink /proc/$$$$/fd/1); f2=$$(readlink /proc/$$$$/fd/2); "
                + "printf '%s\\n' \"$$f0\" \"$$f1\" \"$$f2\" > " + file + "; echo sip:a@h";
            foreach ((ExecFunction function, StderrHandling stderr) in calls)
            {
                var call = new ExecCallOptions { Stderr = stderr };
                ExecResult result = function switch
                {
                    ExecFunction.Dset => await exec.ExecDsetAsync(Request(), command, call),
                    ExecFunction.Avp => await exec.ExecAvpAsync(Request(), command, null, call),
                    ExecFunction.Msg => await exec.ExecMsgAsync(Request(), command, call),
                    _ => await exec.ExecCmdAsync(null, command, call),
                };
                Assert.Equal(1, result.ReturnCode);
                string[] fds = System.IO.File.ReadAllLines(file);
                string context = function + " with stderr " + stderr + ": " + string.Join(" | ", fds);
                Assert.True(3 == fds.Length, context);
                Assert.True(function == ExecFunction.Msg ? fds[0].StartsWith("pipe:", StringComparison.Ordinal) : fds[0] == "/dev/null", context);
                bool stdoutRead = function is ExecFunction.Dset or ExecFunction.Avp;
                Assert.True(stdoutRead ? fds[1].StartsWith("pipe:", StringComparison.Ordinal) : fds[1] == (function == ExecFunction.Msg ? serverStdout : "/dev/null"), context);
                switch (stderr)
                {
                    case StderrHandling.Capture:
                        Assert.True(fds[2].StartsWith("pipe:", StringComparison.Ordinal) && fds[2] != fds[1] && fds[2] != fds[0], context);
                        Assert.Equal("", result.Stderr);
                        break;
                    case StderrHandling.Discard:
                        Assert.True(fds[2] == "/dev/null", context);
                        break;
                    default:
                        Assert.True(fds[2] == serverStderr, context);
                        break;
                }
            }
        }
        finally
        {
            System.IO.File.Delete(file);
        }
    }

    // "flags:\t0100000" (octal): the access mode is the low two bits.
    private static int AccessMode(string flagsLine)
    {
        Assert.StartsWith("flags:", flagsLine, StringComparison.Ordinal);
        return (int)(Convert.ToInt64(flagsLine["flags:".Length..].Trim(), 8) & 3);
    }

    private const ulong GlibcInternalSignals = (1UL << (32 - 1)) | (1UL << (33 - 1));

    private static readonly IntPtr SigIgn = 1;
    private static readonly IntPtr SigErr = -1;

    [LibraryImport("libc")]
    private static partial IntPtr signal(int signal, IntPtr handler);
}
