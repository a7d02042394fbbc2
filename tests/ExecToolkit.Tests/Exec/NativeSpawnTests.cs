using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using ExecToolkit.Processes;
using ExecToolkit.Tests.Templates;

namespace ExecToolkit.Tests.Exec;

/// <summary>
/// The two ways a command starts: ExecToolkit's native start (libexectoolkit_spawn.so, clone with CLONE_VFORK and
/// CLONE_PIDFD) and posix_spawn, its fallback. A script sees no difference: each case runs under both and their results
/// must be equal, down to the command's own view of its process (signals, group, descriptors, environment, stdin).
/// </summary>
[Collection(nameof(ProcessAccounting))]
public partial class NativeSpawnTests
{
    private static RequestContext Request() => ShellSafePropertyTests.MinimalRequest();

    private static SipExec Executor(bool posixSpawn, ExecOptions? options = null)
        => new(options ?? new ExecOptions { Stderr = StderrHandling.Capture }) { PosixSpawnOnly = posixSpawn };

    [Fact]
    public void The_native_start_is_built_with_the_package_and_loads()
    {
        // scripts/test.sh installs a C compiler when there is none; a build without one falls back to posix_spawn.
        Assert.True(NativeSpawn.Available, NativeSpawn.Problem);
    }

    // What a command can observe of how it was started, one case per line of output.
    public static TheoryData<string> ChildViews =>
    [
        "grep -E '^Sig(Blk|Cgt):' /proc/self/status",
        "set -- $$(cat /proc/$$$$/stat); [ \"$$1\" = \"$$5\" ] && echo own-process-group",
        "exec ls /proc/self/fd",
        "readlink /proc/self/fd/0; grep '^flags' /proc/self/fdinfo/0",
        "env | LC_ALL=C sort",
        "ulimit -a",
        "pwd; umask",
    ];

    [Theory]
    [MemberData(nameof(ChildViews))]
    public async Task A_command_sees_the_same_process_from_either_start(string command)
    {
        string Describe(AvpResult r) => r.ReturnCode + " " + r.ExitCode + " [" + r.Stderr + "] " + string.Join("\n", r.Assignments.Select(a => a.Value));

        using SipExec native = Executor(posixSpawn: false);
        using SipExec posix = Executor(posixSpawn: true);
        AvpResult fromNative = await native.ExecAvpAsync(Request(), command);
        AvpResult fromPosix = await posix.ExecAvpAsync(Request(), command);
        Assert.Equal(1, fromNative.ReturnCode);
        Assert.NotEmpty(fromNative.Assignments);
        Assert.Equal(Describe(fromPosix), Describe(fromNative));
    }

    [Theory]
    [InlineData("exit 3")]
    [InlineData("kill -TERM $$$$")]
    [InlineData("echo sip:a@h; echo sip:b@h; exit 0")]
    [InlineData("echo out; echo err >&2; exit 2")]
    public async Task Outcomes_are_the_same_from_either_start(string command)
    {
        static string Describe(DsetResult r) => string.Join(" | ", r.ReturnCode, r.Failure, r.ExitCode, r.Signal, r.Stderr, r.RequestUri, string.Join(",", r.Branches));

        using SipExec native = Executor(posixSpawn: false);
        using SipExec posix = Executor(posixSpawn: true);
        Assert.Equal(Describe(await posix.ExecDsetAsync(Request(), command)), Describe(await native.ExecDsetAsync(Request(), command)));
    }

    [Fact]
    public async Task Exec_msg_writes_the_same_request_to_stdin_from_either_start()
    {
        using SipExec native = Executor(posixSpawn: false);
        using SipExec posix = Executor(posixSpawn: true);
        ExecResult fromNative = await native.ExecMsgAsync(Request(), "cat >&2");
        ExecResult fromPosix = await posix.ExecMsgAsync(Request(), "cat >&2");
        Assert.Equal(1, fromNative.ReturnCode);
        Assert.Equal(System.Text.Encoding.Latin1.GetString(Request().Request.Raw.Span), fromNative.Stderr);
        Assert.Equal(fromPosix.Stderr, fromNative.Stderr);
    }

    [Fact]
    public async Task The_native_start_resets_every_signal_glibc_internal_ones_included()
    {
        // posix_spawn leaves glibc's two internal signals (32, 33) ignored in the child; the native start leaves none.
        using SipExec native = Executor(posixSpawn: false);
        AvpResult result = await native.ExecAvpAsync(Request(), "exec grep '^SigIgn:' /proc/self/status");
        Assert.Equal("SigIgn:\t0000000000000000", Assert.Single(result.Assignments).Value);
    }

    [Fact]
    public async Task Programs_that_cannot_run_fail_the_same_way_from_either_start()
    {
        string folder = Path.Combine(Path.GetTempPath(), "exectoolkit-start-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string noShebang = Path.Combine(folder, "no-shebang");
            File.WriteAllText(noShebang, "echo ran-by-the-shell \"$1\"\n");
            File.SetUnixFileMode(noShebang, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            string notExecutable = Path.Combine(folder, "not-executable");
            File.WriteAllText(notExecutable, "#!/bin/sh\necho no\n");
            string[] commands = [noShebang + " $rU", notExecutable + " $rU", folder + "/missing $rU", folder + " $rU", "/bin/echo $rU"];
            var options = new ExecOptions { ShellUse = ShellUse.WhenNeeded, Stderr = StderrHandling.Capture };
            using SipExec native = Executor(posixSpawn: false, options);
            using SipExec posix = Executor(posixSpawn: true, options);
            var outcomes = new System.Collections.Generic.List<string>();
            foreach (string command in commands)
            {
                AvpResult fromNative = await native.ExecAvpAsync(Request(), command);
                AvpResult fromPosix = await posix.ExecAvpAsync(Request(), command);
                string Describe(AvpResult r) => string.Join(" | ", r.ReturnCode, r.Failure, r.ExitCode, r.Stderr, string.Join(",", r.Assignments.Select(a => a.Value)), r.Arguments is null ? "no argument vector" : string.Join(" ", r.Arguments));
                Assert.Equal(Describe(fromPosix), Describe(fromNative));
                outcomes.Add(Describe(fromNative));
            }

            // The file without #! runs through the shell as the shell would run it (ENOEXEC); the two that cannot run give
            // the shell's statuses without a process; /bin/echo starts directly.
            Assert.Equal(
                [
                    "1 | None | 0 |  | ran-by-the-shell a | no argument vector",
                    "-1 | ExitStatus | 126 | " + notExecutable + ": Permission denied\n |  | no argument vector",
                    "-1 | ExitStatus | 127 | " + folder + "/missing: not found\n |  | no argument vector",
                    "-1 | ExitStatus | 126 | " + folder + ": Permission denied\n |  | no argument vector",
                    "1 | None | 0 |  | a | /bin/echo a",
                ],
                outcomes);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_shell_that_cannot_start_fails_the_same_way_and_leaves_no_process_or_descriptor()
    {
        var options = new ExecOptions { Shell = "/nonexistent/sh", Stderr = StderrHandling.Capture };
        using SipExec native = Executor(posixSpawn: false, options);
        using SipExec posix = Executor(posixSpawn: true, options);
        await native.ExecCmdAsync(null, "true");
        int descriptors = Directory.GetFiles("/proc/self/fd").Length;
        ExecResult fromNative = null!;
        for (int i = 0; i < 200; i++)
        {
            fromNative = await native.ExecCmdAsync(null, "true");
        }

        ExecResult fromPosix = await posix.ExecCmdAsync(null, "true");
        Assert.Equal(ExecFailure.StartFailed, fromNative.Failure);
        Assert.Equal(-1, fromNative.ReturnCode);
        Assert.Contains("No such file or directory", fromNative.Detail, StringComparison.Ordinal);
        Assert.Equal(fromPosix.Detail, fromNative.Detail);
        Assert.Equal(0, ProcessControlTests.Zombies());
        Assert.InRange(Directory.GetFiles("/proc/self/fd").Length, 0, descriptors + 8);
    }
    [Theory]
    [InlineData(false, "SigIgn:\t0000000000000000\n")]
    [InlineData(true, "SigIgn:\t0000000180000000\n")]
    public void The_runtime_configuration_switch_keeps_posix_spawn(bool disabled, string childSignals)
    {
        // As an application sets it: ExecToolkit.DisableNativeSpawn in the runtime configuration (here exectool's, given
        // to dotnet exec). What tells the starts apart from inside the command: posix_spawn leaves glibc's two internal
        // signals (32, 33) ignored.
        string exectool = typeof(ExecToolkit.Cli.Commands).Assembly.Location;
        string configuration = Path.Combine(Path.GetTempPath(), "exectoolkit-switch-" + Guid.NewGuid().ToString("N") + ".json");
        var runtimeConfig = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(exectool, ".runtimeconfig.json")))!;
        var options = runtimeConfig["runtimeOptions"]!.AsObject();
        var properties = options["configProperties"]?.AsObject() ?? [];
        options["configProperties"] = properties;
        properties[NativeSpawn.DisableSwitch] = disabled;
        File.WriteAllText(configuration, runtimeConfig.ToJsonString());
        try
        {
            var (stdout, stderr) = ExecToolkit.Tests.Packaging.PackageBuild.Run(
                "dotnet", $"exec --runtimeconfig \"{configuration}\" \"{exectool}\" msg - \"grep '^SigIgn:' /proc/self/status\" --json", Path.GetTempPath(), System.Text.Encoding.Latin1.GetString(Request().Request.Raw.Span));
            Assert.Contains("\"rc\":1", stdout.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Equal(childSignals, stderr);
        }
        finally
        {
            File.Delete(configuration);
        }
    }
    [Fact]
    public async Task Signals_are_read_with_the_environment_so_one_ignored_later_is_reset_from_the_next_refresh()
    {
        // The native start resets what the server handled or ignored when the executor was made (or refreshed), as the
        // inherited environment is read then; posix_spawn resets every signal at each start.
        const int spare = 51;
        const ulong bit = 1UL << (spare - 1);
        const string command = "exec grep '^SigIgn:' /proc/self/status";
        static ulong Ignored(AvpResult r) => Convert.ToUInt64(Assert.Single(r.Assignments).Value["SigIgn:\t".Length..], 16);

        using SipExec native = Executor(posixSpawn: false);
        using SipExec posix = Executor(posixSpawn: true);
        IntPtr previous = signal(spare, 1);
        try
        {
            Assert.Equal(bit, Ignored(await native.ExecAvpAsync(Request(), command)));
            Assert.Equal(0UL, Ignored(await posix.ExecAvpAsync(Request(), command)) & bit);
            native.RefreshEnvironment();
            Assert.Equal(0UL, Ignored(await native.ExecAvpAsync(Request(), command)));
        }
        finally
        {
            signal(spare, previous);
        }
    }

    [LibraryImport("libc")]
    private static partial IntPtr signal(int signal, IntPtr handler);
}
