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

            // glibc's posix_spawn leaves its own two signals (32 and 33, below what programs see as SIGRTMIN) ignored,
            // as in any child it starts, popen's included; nothing else may be.
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
