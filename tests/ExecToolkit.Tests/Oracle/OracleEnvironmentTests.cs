using System;
using System.Collections.Generic;
using System.Linq;

namespace ExecToolkit.Tests.Oracle;

/// <summary>The SIP_* environment block against the bytes Kamailio 5.6 gave /bin/sh.</summary>
public class OracleEnvironmentTests
{
    public static IEnumerable<object[]> CasesWithEnvironment()
        => OracleData.Names(c => c.Name != "variant-setvars0" && c.Probe("dump-msg.1") is not null);

    [Theory]
    [MemberData(nameof(CasesWithEnvironment))]
    public void Sip_variables_equal_kamailio_byte_for_byte_in_block_order(string name)
    {
        OracleCase c = OracleData.Get(name);
        var expected = c.SipEnvironment("dump-msg.1");

        var actual = SipEnvironment.Build(c.CreateContext(), includeDocumentedOriginalUri: false);

        Assert.Equal(expected.Select(e => e.Name), actual.Select(v => v.Name));
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Value.AsSpan().SequenceEqual(actual[i].Value.Span), $"{expected[i].Name}: expected '{System.Text.Encoding.UTF8.GetString(expected[i].Value)}', got '{actual[i].ValueText}'");
        }
    }

    [Theory]
    [MemberData(nameof(CasesWithEnvironment))]
    public void Documented_SIP_ORURI_is_added_after_the_kamailio_set_with_the_SIP_ORUI_value(string name)
    {
        OracleCase c = OracleData.Get(name);
        var actual = SipEnvironment.Build(c.CreateContext());

        Assert.Equal("SIP_ORURI", actual[^1].Name);
        Assert.Equal(actual.Single(v => v.Name == "SIP_ORUI").ValueText, actual[^1].ValueText);
        Assert.DoesNotContain(c.SipEnvironment("dump-msg.1"), e => e.Name == "SIP_ORURI");
    }

    [Theory]
    [MemberData(nameof(CasesWithEnvironment))]
    public void Transaction_id_matches_kamailio(string name)
    {
        OracleCase c = OracleData.Get(name);
        string expected = System.Text.Encoding.ASCII.GetString(c.SipEnvironment("dump-msg.1").Single(e => e.Name == "SIP_TID").Value);

        Assert.Equal(expected, SipEnvironment.TransactionId(c.CreateContext()) ?? "");
    }

    [Theory]
    [MemberData(nameof(CasesWithEnvironment))]
    public void The_block_handed_to_execve_holds_the_kamailio_entries_then_SIP_ORURI(string name)
    {
        OracleCase c = OracleData.Get(name);
        var expected = c.SipEnvironment("dump-msg.1")
            .Select(e => System.Text.Encoding.ASCII.GetBytes(e.Name + "=").Concat(e.Value).ToArray())
            .ToList();
        RequestContext context = c.CreateContext();
        expected.Add(System.Text.Encoding.ASCII.GetBytes("SIP_ORURI=" + context.OriginalUri));

        using var block = new ExecToolkit.Processes.EnvironmentBlock(capacity: 16);
        SipEnvironment.Write(context, policy: null, bashSafety: true, block);

        List<byte[]> entries = [];
        ReadOnlySpan<byte> rest = block.Bytes;
        while (!rest.IsEmpty)
        {
            int nul = rest.IndexOf((byte)0);
            Assert.True(nul >= 0, "every entry ends with a NUL");
            entries.Add(rest[..nul].ToArray());
            rest = rest[(nul + 1)..];
        }

        Assert.Equal(expected.Count, block.Count);
        Assert.Equal(expected.Select(System.Convert.ToHexString), entries.Select(System.Convert.ToHexString));
    }
}
