using System.Collections.Generic;
using System.Text;
using BenchmarkDotNet.Attributes;

namespace ExecToolkit.Benchmarks;

/// <summary>
/// The SIP_* environment of a request with <see cref="Headers"/> distinct header names (plus the five a request needs):
/// a normal request, and the thousands a hostile 64 KB datagram of "Xn: a" lines carries. Should grow linearly.
/// </summary>
[MemoryDiagnoser]
public class EnvironmentBenchmarks
{
    private RequestContext request = null!;

    [Params(10, 1000, 6000)]
    public int Headers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder("INVITE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-b\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:bob@h>\r\nCall-ID: env\r\nCSeq: 1 INVITE\r\n");
        for (int i = 0; i < Headers; i++)
        {
            text.Append('X').Append(i).Append(": a\r\n");
        }

        request = RequestContext.Parse(Encoding.ASCII.GetBytes(text.Append("\r\n").ToString()));
    }

    [Benchmark]
    public IReadOnlyList<SipEnvironmentVariable> Build() => SipEnvironment.Build(request);
}
