using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using ExecToolkit.Generators.Tests.Samples;

namespace ExecToolkit.Generators.Tests;

/// <summary>
/// For templates covering every quoting context, random hostile values in <c>$var(v)</c> and <c>X-V</c> give the same
/// command (or the same refusal) from the generated expansion and from the runtime's <see cref="CommandTemplate"/>.
/// </summary>
public class DifferentialTests
{
    private const int Iterations = 300;
    private const string Hostile = "'\"\\$`\n\t ;&|*?[]{}()#~%!<>=-_:,.@^+aZ09EOFé\u00a0\u2028😀\0";

    public static IEnumerable<object[]> Names()
    {
        foreach (var c in ContextSamples.All)
        {
            yield return new object[] { c.Name };
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void GeneratedAndRuntimeAgree(string name)
    {
        var c = Array.Find(ContextSamples.All, x => x.Name == name);
        var random = new Random(StringComparer.Ordinal.GetHashCode(name) & 0x7fff ^ 4242);
        CommandTemplate runtime = CommandTemplate.Parse(c.Template);
        for (int i = 0; i < Iterations; i++)
        {
            string variable = i switch
            {
                0 => "",
                1 => "EOF",
                2 => "-12",
                3 => "42",
                _ => RandomValue(random, allowLineBreaks: true),
            };
            string header = i < 4 ? "plain" : RandomValue(random, allowLineBreaks: false);
            RequestContext context = Request(header);
            context.Vars["v"] = variable;
            string expected = ExecutionTests.Outcome(() => runtime.Expand(context, c.Mode));
            string actual = ExecutionTests.Outcome(() => c.Generated(context));
            Assert.True(expected == actual, $"{name}: v={Show(variable)} X-V={Show(header)}\nruntime:   {Show(expected)}\ngenerated: {Show(actual)}");
        }
    }

    [Fact]
    public void EveryContextKindIsCovered()
    {
        var layers = new HashSet<string>();
        foreach (var c in ContextSamples.All)
        {
            foreach (var ctx in ExecToolkit.Templates.TemplateAnalysis.Analyze(c.Template).Contexts)
            {
                layers.Add(ctx.Layers + (ctx.IsComment ? "#" : "") + (ctx.FollowsBackslash ? "\\" : "") + (ctx.AdjoinsParameter ? "$" : ""));
            }
        }

        foreach (string expected in new[] { "", "S", "D", "`", "DB", "$", "{", "D{", "DP", "A", "H", "Q", "#", "\\", "$" })
        {
            Assert.True(layers.Contains(expected) || (expected.Length > 0 && layers.Any(l => l.EndsWith(expected, StringComparison.Ordinal))), "missing '" + expected + "' in " + string.Join(" | ", layers));
        }
    }

    internal static string RandomValue(Random random, bool allowLineBreaks)
    {
        int length = random.Next(0, 16);
        var sb = new StringBuilder(length);
        while (sb.Length < length)
        {
            char c = Hostile[random.Next(Hostile.Length)];
            if (char.IsHighSurrogate(c))
            {
                sb.Append(c).Append(Hostile[Hostile.IndexOf(c, StringComparison.Ordinal) + 1]);
                continue;
            }

            if (char.IsLowSurrogate(c) || (!allowLineBreaks && (c is '\n' or '\0')))
            {
                continue;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    internal static RequestContext Request(string header)
    {
        string message = "INVITE sip:alice@example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n"
            + "From: \"Bob\" <sip:bob@example.com>;tag=1928301774\r\n"
            + "To: <sip:alice@example.com>\r\n"
            + "Call-ID: a84b4c76e66710\r\n"
            + "CSeq: 314159 INVITE\r\n"
            + "X-V: " + header + "\r\n"
            + "Content-Length: 0\r\n\r\n";
        return RequestContext.Parse(Encoding.UTF8.GetBytes(message), new IPEndPoint(IPAddress.Loopback, 5071));
    }

    internal static string Show(string s) => s.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
