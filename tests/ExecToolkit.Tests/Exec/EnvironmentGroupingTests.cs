using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ExecToolkit.Tests.Exec;

/// <summary>
/// SIP_HF_* grouping in requests of every size: few headers and few names (groups found by a scan, kept on the stack),
/// many headers (past 64 the groups' bookkeeping is rented) and many names (past 16 groups they are looked up): same
/// variables, order and joined values as the rule says.
/// </summary>
public class EnvironmentGroupingTests
{
    private static RequestContext Parse(IEnumerable<string> headers)
    {
        var text = new StringBuilder("INVITE sip:bob@h SIP/2.0\r\n");
        foreach (string header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        text.Append("\r\n");
        return RequestContext.Parse(Encoding.ASCII.GetBytes(text.ToString()));
    }

    // The rule, written plainly: groups by canonical name (compact forms and case folded), in reverse order of first
    // appearance; values joined with ',' as first, last, last-1, ..., second.
    private static List<(string Name, string Value)> Expected(IReadOnlyList<(string Key, string Variable, string Value)> headers)
    {
        var order = new List<string>();
        var values = new Dictionary<string, List<string>>();
        var variables = new Dictionary<string, string>();
        foreach ((string key, string variable, string value) in headers)
        {
            if (!values.TryGetValue(key, out List<string>? list))
            {
                values[key] = list = [];
                variables[key] = variable;
                order.Add(key);
            }

            list.Add(value);
        }

        return [.. Enumerable.Reverse(order).Select(key =>
        {
            List<string> v = values[key];
            return (variables[key], string.Join(',', new[] { v[0] }.Concat(Enumerable.Reverse(v.Skip(1)))));
        })];
    }

    [Theory]
    [InlineData(0, 5, 1)]
    [InlineData(6, 3, 2)]
    [InlineData(30, 12, 3)]
    [InlineData(59, 4, 4)] // 64 headers: the most kept on the stack
    [InlineData(60, 4, 5)] // 65: rented
    [InlineData(59, 60, 6)]
    [InlineData(400, 60, 3261)]
    public void Headers_group_by_the_rule_whatever_their_number_and_names(int extra, int names, int seed)
    {
        var random = new Random(seed);
        var headers = new List<(string Text, string Key, string Variable, string Value)>
        {
            ("Via: SIP/2.0/UDP h;branch=z9hG4bK1", "via", "SIP_HF_VIA", "SIP/2.0/UDP h;branch=z9hG4bK1"),
            ("From: <sip:a@h>;tag=1", "from", "SIP_HF_FROM", "<sip:a@h>;tag=1"),
            ("To: <sip:bob@h>", "to", "SIP_HF_TO", "<sip:bob@h>"),
            ("Call-ID: group", "callid", "SIP_HF_CALLID", "group"),
            ("CSeq: 1 INVITE", "cseq", "SIP_HF_CSEQ", "1 INVITE"),
        };
        for (int i = 0; i < extra; i++)
        {
            int n = random.Next(names);
            string value = "v" + i;
            headers.Add(random.Next(8) switch
            {
                // compact and full forms of one known header, and an unknown name in both cases
                0 => ("v: SIP/2.0/UDP x" + i, "via", "SIP_HF_VIA", "SIP/2.0/UDP x" + i),
                1 => ("Supported: " + value, "supported", "SIP_HF_SUPPORTED", value),
                2 => ("k: " + value, "supported", "SIP_HF_SUPPORTED", value),
                3 => ("x-tag-" + n + ": " + value, "x-tag-" + n, "SIP_HF_X_TAG_" + n, value),
                _ => ("X-Tag-" + n + ": " + value, "x-tag-" + n, "SIP_HF_X_TAG_" + n, value),
            });
        }

        RequestContext request = Parse(headers.Select(h => h.Text));
        var actual = SipEnvironment.Build(request, includeDocumentedOriginalUri: false)
            .Where(v => v.Name.StartsWith("SIP_HF_", StringComparison.Ordinal))
            .Select(v => (v.Name, v.ValueText))
            .ToList();

        var expected = Expected([.. headers.Select(h => (h.Key, h.Variable, h.Value))]);
        if (names > 16 && extra > 100)
        {
            Assert.True(expected.Count > 40, "the request must have many more groups than the scan handles");
        }

        Assert.Equal(expected, actual);
    }
}
