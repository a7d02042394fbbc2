using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.Win32.SafeHandles;

namespace ExecToolkit.Benchmarks;

/// <summary>
/// What the server's open descriptors cost each exec: sequential exec_dset of the shell's builtin echo (the shortest
/// command, so the start weighs most) with <see cref="OpenDescriptors"/> more descriptors open in the process (each
/// /dev/null, close-on-exec, as a socket of a busy server would be). A start copies the process's descriptor table into
/// the child, and the child closes them all before the command runs, whatever they are. One operation is one execution;
/// an invocation runs 200.
/// </summary>
[MemoryDiagnoser]
public class ExecDescriptorBenchmarks
{
    private const int Batch = 200;
    private readonly List<SafeFileHandle> open = [];
    private SipExec exec = null!;
    private CommandTemplate template = null!;

    [Params(0, 1000, 10000)]
    public int OpenDescriptors { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < OpenDescriptors; i++)
        {
            open.Add(File.OpenHandle("/dev/null"));
        }

        exec = new SipExec(new ExecOptions { MaxConcurrency = 1 });
        template = CommandTemplate.Parse("echo sip:a@127.0.0.1");
        ExecWarmUp.Run(() => SipExecDset().GetAwaiter().GetResult(), Batch);
        Console.WriteLine("// Descriptors open in the benchmark process: " + Directory.GetFiles("/proc/self/fd").Length);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        exec.Dispose();
        foreach (SafeFileHandle handle in open)
        {
            handle.Dispose();
        }

        open.Clear();
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task SipExecDset()
    {
        for (int i = 0; i < Batch; i++)
        {
            DsetResult result = await exec.ExecDsetAsync(RequestContext.Parse(ExecThroughputBenchmarks.Message), template);
            if (result.ReturnCode != 1)
            {
                throw new InvalidOperationException(result.ToString());
            }
        }
    }
}
