using System;
using System.Buffers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using ExecToolkit.PseudoVariables;
using ExecToolkit.Sip;

namespace ExecToolkit.Benchmarks;

/// <summary>
/// One template, <c>lookup.sh '$rU' $hdr(X-Account) "$fu" $ci</c>, expanded four ways in each mode: by the runtime's
/// interpreter (<see cref="CommandTemplate.Expand"/>), by the code the source generator writes for an attributed
/// method, and by hand with one <c>string.Concat</c> of the same accessors (with the same escaping in ShellSafe mode).
/// </summary>
[MemoryDiagnoser]
public partial class ExpansionBenchmarks
{
    private const string Template = "lookup.sh '$rU' $hdr(X-Account) \"$fu\" $ci";
    private static readonly HeaderType Account = HeaderNames.Classify("X-Account");
    private static readonly SearchValues<char> DoubleQuoteSpecials = SearchValues.Create("\\$\"`");
    private readonly CommandTemplate template = CommandTemplate.Parse(Template);
    private readonly RequestContext request = RequestContext.Parse(Encoding.ASCII.GetBytes(
        "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-1\r\nFrom: <sip:alice@example.org>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: abc@192.0.2.1\r\nCSeq: 1 INVITE\r\nX-Account: acme\r\nContent-Length: 0\r\n\r\n"));

    [Benchmark]
    public string RuntimeShellSafe() => template.Expand(request, ExpansionMode.ShellSafe);

    [Benchmark]
    public string GeneratedShellSafe() => LookupAsyncCommand(request);

    /// <summary>
    /// What a careful hand-written ShellSafe expansion costs: the accessors (the header name classified once, as the
    /// generated code does), the same escaping, one concatenation.
    /// </summary>
    [Benchmark(Baseline = true)]
    public string HandWrittenShellSafe() => string.Concat(
        "lookup.sh '", SingleQuoted(PseudoVariableAccessors.RequestUriUser(request)), "' '",
        SingleQuoted(PseudoVariableAccessors.FirstHeaderValue(request, Account, "X-Account")), "' \"",
        DoubleQuoted(PseudoVariableAccessors.FromUri(request)), "\" '", SingleQuoted(PseudoVariableAccessors.CallId(request)), "'");

    [Benchmark]
    public string RuntimeVerbatim() => template.Expand(request, ExpansionMode.Verbatim);

    [Benchmark]
    public string GeneratedVerbatim() => LookupVerbatimAsyncCommand(request);

    /// <summary>What a hand-written verbatim expansion costs: the accessors and one concatenation.</summary>
    [Benchmark]
    public string HandWrittenVerbatim() => string.Concat(
        "lookup.sh '", PseudoVariableAccessors.RequestUriUser(request) ?? "<null>", "' ",
        PseudoVariableAccessors.FirstHeaderValue(request, Account, "X-Account") ?? "<null>", " \"",
        PseudoVariableAccessors.FromUri(request) ?? "<null>", "\" ", PseudoVariableAccessors.CallId(request) ?? "<null>");

    [ExecDset(Template)]
    private static partial ValueTask<DsetResult> LookupAsync(SipExec exec, RequestContext request, CancellationToken cancellationToken = default);

    [ExecDset(Template, Mode = ExpansionMode.Verbatim)]
    private static partial ValueTask<DsetResult> LookupVerbatimAsync(SipExec exec, RequestContext request, CancellationToken cancellationToken = default);

    // Replace returns the same string when there is nothing to replace: no allocation for ordinary values.
    private static string SingleQuoted(string? value) => (value ?? "<null>").Replace("'", "'\\''", StringComparison.Ordinal);

    private static string DoubleQuoted(string? value)
    {
        value ??= "<null>";
        if (value.AsSpan().IndexOfAny(DoubleQuoteSpecials) < 0)
        {
            return value;
        }

        var escaped = new StringBuilder(value.Length + 8);
        foreach (char c in value)
        {
            escaped.Append(c is '\\' or '$' or '"' or '`' ? "\\" : "").Append(c);
        }

        return escaped.ToString();
    }
}
