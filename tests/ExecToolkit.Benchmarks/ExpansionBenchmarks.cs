using System.Text;
using BenchmarkDotNet.Attributes;
using ExecToolkit.PseudoVariables;

namespace ExecToolkit.Benchmarks;

/// <summary>Runtime template expansion in both modes against a hand-written concatenation of the same parts.</summary>
[MemoryDiagnoser]
public class ExpansionBenchmarks
{
    private const string Template = "lookup.sh '$rU' $hdr(X-Account) \"$fu\" $ci";
    private readonly CommandTemplate template = CommandTemplate.Parse(Template);
    private readonly RequestContext request = RequestContext.Parse(Encoding.ASCII.GetBytes(
        "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-1\r\nFrom: <sip:alice@example.org>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: abc@192.0.2.1\r\nCSeq: 1 INVITE\r\nX-Account: acme\r\nContent-Length: 0\r\n\r\n"));

    [Benchmark]
    public string ShellSafe() => template.Expand(request, ExpansionMode.ShellSafe);

    [Benchmark]
    public string Verbatim() => template.Expand(request, ExpansionMode.Verbatim);

    /// <summary>What a hand-written verbatim expansion costs: the accessors and one concatenation.</summary>
    [Benchmark(Baseline = true)]
    public string HandWrittenConcat() => string.Concat(
        "lookup.sh '", PseudoVariableAccessors.RequestUriUser(request), "' ",
        PseudoVariableAccessors.HeaderValues(request, "X-Account") is { Count: > 0 } v ? v[0] : "<null>",
        " \"", PseudoVariableAccessors.FromUri(request), "\" ", PseudoVariableAccessors.CallId(request));
}
