using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace ExecToolkit.Benchmarks;

/// <summary>
/// exec_dset of one command through SipExec, with the shell (Kamailio's way) and without it (ShellUse.WhenNeeded),
/// against the same command run with popen from C (the cost of /bin/sh itself), at 1, 2 and 8 in flight. The command is
/// the shell's builtin echo (no program: one process either way), the binary /bin/echo, or a #!/bin/sh script. One
/// operation is one execution; an invocation runs 200.
/// </summary>
[MemoryDiagnoser]
public class ExecThroughputBenchmarks
{
    private const int Batch = 200;
    internal static readonly byte[] Message = Encoding.ASCII.GetBytes(
        "INVITE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-bench\r\nFrom: <sip:alice@127.0.0.1>;tag=1\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: bench@127.0.0.1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");

    private SipExec exec = null!;
    private CommandTemplate template = null!;
    private string popenFloor = "";

    [Params(1, 2, 8)]
    public int Concurrency { get; set; }

    [Params("builtin", "binary", "script")]
    public string Command { get; set; } = "builtin";

    // The command of this case: echo is the shell's builtin; the script prints its first argument.
    private string CommandText()
    {
        string script = Path.Combine(Path.GetTempPath(), "exectoolkit-bench-route.sh");
        if (Command == "script" && !File.Exists(script))
        {
            File.WriteAllText(script, "#!/bin/sh\necho \"$1\"\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return Command switch
        {
            "binary" => "/bin/echo sip:a@127.0.0.1",
            "script" => script + " sip:a@127.0.0.1",
            _ => "echo sip:a@127.0.0.1",
        };
    }

    [GlobalSetup(Target = nameof(SipExecDset))]
    public void SetupSipExec() => Setup(ShellUse.Always);

    [GlobalSetup(Target = nameof(SipExecDsetWithoutShell))]
    public void SetupSipExecWithoutShell() => Setup(ShellUse.WhenNeeded);

    private void Setup(ShellUse shellUse)
    {
        exec = new SipExec(new ExecOptions { MaxConcurrency = Concurrency, ShellUse = shellUse });
        template = CommandTemplate.Parse(CommandText());
        DsetResult probe = exec.ExecDsetAsync(RequestContext.Parse(Message), template).AsTask().GetAwaiter().GetResult();
        Console.WriteLine("// " + Command + ", " + shellUse + ": " + (probe.Arguments is null ? "through the shell" : "without the shell: " + string.Join(' ', probe.Arguments)));
        ExecWarmUp.Run(() => SipExecDset().GetAwaiter().GetResult(), Batch);
        PrintSigchld();
    }

    [GlobalSetup(Target = nameof(PopenFloor))]
    public void SetupPopen()
    {
        // BenchmarkDotNet runs a generated copy of this project elsewhere: the C source travels as a resource.
        string folder = Path.Combine(Path.GetTempPath(), "exectoolkit-popen-floor");
        Directory.CreateDirectory(folder);
        string source = Path.Combine(folder, "popen_floor.c");
        using (Stream resource = typeof(ExecThroughputBenchmarks).Assembly.GetManifestResourceStream("popen_floor.c")!)
        using (FileStream file = File.Create(source))
        {
            resource.CopyTo(file);
        }

        popenFloor = Path.Combine(folder, "popen_floor");
        if (ChildProcess.Run("gcc", "-O2", "-pthread", "-o", popenFloor, source) != 0)
        {
            throw new InvalidOperationException("gcc could not build popen_floor.c");
        }

        PrintSigchld();
    }

    private static void PrintSigchld()
    {
        // Shown in the log: whether something in this process installed .NET's SIGCHLD handler (see ChildProcess).
        string caught = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigCgt:", StringComparison.Ordinal)) ?? "";
        bool sigchld = caught.Length > 0 && (Convert.ToUInt64(caught["SigCgt:".Length..].Trim(), 16) & (1UL << 16)) != 0;
        Console.WriteLine("// SIGCHLD handled in the benchmark process: " + (sigchld ? "yes" : "no"));
    }

    [GlobalCleanup(Targets = [nameof(SipExecDset), nameof(SipExecDsetWithoutShell)])]
    public void Cleanup() => exec.Dispose();

    /// <summary>ShellUse.WhenNeeded: the builtin still needs the shell; the binary and the script start directly.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public Task SipExecDsetWithoutShell() => SipExecDset();

    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task SipExecDset()
    {
        int per = Batch / Concurrency;
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            for (int i = 0; i < per; i++)
            {
                var request = RequestContext.Parse(Message);
                DsetResult result = await exec.ExecDsetAsync(request, template);
                if (result.ReturnCode != 1)
                {
                    throw new InvalidOperationException(result.ToString());
                }
            }
        }));
    }

    /// <summary>The C program's own start (about a millisecond) is inside the measure: under 1 % of 200 executions.</summary>
    [Benchmark(OperationsPerInvoke = Batch, Baseline = true)]
    public void PopenFloor()
    {
        if (ChildProcess.Run(popenFloor, Batch.ToString(System.Globalization.CultureInfo.InvariantCulture), Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture), CommandText() + " 'sip:bob@127.0.0.1'") != 0)
        {
            throw new InvalidOperationException("popen_floor failed");
        }
    }
}
