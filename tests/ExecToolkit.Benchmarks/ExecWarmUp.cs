using System;

namespace ExecToolkit.Benchmarks;

/// <summary>
/// Runs an exec workload until the JIT has compiled nothing for <see cref="QuietFor"/>: the steady state a server
/// reaches. Under this load the JIT compiled its last method 5.8-11.9 s in (five runs, all concurrencies; with the
/// runtime's call-counting delay set to 0 it is done in about 3 s), far longer than BenchmarkDotNet's warm-up
/// iterations; measured without this, SipExec's figures are those of its first seconds. The log shows how long it
/// took.
/// </summary>
internal static class ExecWarmUp
{
    // How long the JIT must stay idle before the exec path counts as warm, and the most the warm-up may take.
    private static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan WarmUpLimit = TimeSpan.FromSeconds(90);

    /// <summary>Runs <paramref name="batch"/> (<paramref name="executions"/> executions each) until the JIT is quiet.</summary>
    public static void Run(Action batch, int executions)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        TimeSpan lastCompile = TimeSpan.Zero;
        int batches = 0;
        while (clock.Elapsed - lastCompile < QuietFor && clock.Elapsed < WarmUpLimit)
        {
            batch();
            batches++;
            long now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                compiled = now;
                lastCompile = clock.Elapsed;
            }
        }

        Console.WriteLine(FormattableString.Invariant(
            $"// Warm-up: {batches * executions} executions in {clock.Elapsed.TotalSeconds:0.0} s, last method compiled at {lastCompile.TotalSeconds:0.0} s ({compiled} methods){(clock.Elapsed >= WarmUpLimit ? ", stopped at the limit" : "")}"));
    }
}
