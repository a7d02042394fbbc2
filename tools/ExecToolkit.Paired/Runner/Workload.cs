using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace ExecToolkit.Paired;

/// <summary>
/// The measured workload, the shape of ExecThroughputBenchmarks.SipExecDset: a parsed request and exec_dset of one
/// command, <c>concurrency</c> loops at once; the host calls it through reflection once, then through delegates.
/// </summary>
public static class Workload
{
    private static readonly byte[] Message = Encoding.ASCII.GetBytes(
        "INVITE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-bench\r\nFrom: <sip:alice@127.0.0.1>;tag=1\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: bench@127.0.0.1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");

    private static SipExec? exec;
    private static CommandTemplate? template;
    private static int concurrency = 1;

    /// <summary>Sets the command and how many loops run at once.</summary>
    public static void Initialize(string command, int inFlight)
    {
        concurrency = inFlight;
        exec = new SipExec(new ExecOptions { MaxConcurrency = inFlight });
        template = CommandTemplate.Parse(command);
    }

    /// <summary>Runs <paramref name="count"/> exec_dset calls; returns the wall time per call in microseconds.</summary>
    public static double Round(int count) => RoundAsync(count).GetAwaiter().GetResult();

    private static async Task<double> RoundAsync(int count)
    {
        SipExec executor = exec ?? throw new InvalidOperationException("Initialize first");
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (int i = 0; i < count / concurrency; i++)
            {
                DsetResult result = await executor.ExecDsetAsync(RequestContext.Parse(Message), template!);
                if (result.ReturnCode != 1)
                {
                    throw new InvalidOperationException("exec_dset failed: " + result);
                }
            }
        }));
        return clock.Elapsed.TotalMicroseconds / count;
    }
}
