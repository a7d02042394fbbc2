using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CsCheck;
using ExecToolkit.Sip;
using ExecToolkit.Tests.Oracle;

namespace ExecToolkit.Tests.Sip;

public class SipRequestTests
{
    private static SipRequest Parse(string text) => SipRequest.Parse(Encoding.UTF8.GetBytes(text));

    private const string Head = "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1\r\n";

    // The headers without which Kamailio drops a request before routing it (one each).
    private const string Mandatory = "From: <sip:a@b>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: t\r\nCSeq: 1 INVITE\r\n";

    [Fact]
    public void Request_line_and_headers_in_order()
    {
        var r = Parse(Head + "f: <sip:a@b>;tag=x\r\nTo: <sip:bob@example.com>\r\ni: abc\r\nCSeq: 7 INVITE\r\nX-Foo.Bar: 1\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal("INVITE", r.Method);
        Assert.Equal("sip:bob@example.com", r.RequestUri);
        Assert.Equal("SIP/2.0", r.Version);
        Assert.Equal("INVITE sip:bob@example.com SIP/2.0", r.FirstLine);
        Assert.Equal(new[] { "Via", "f", "To", "i", "CSeq", "X-Foo.Bar", "Content-Length" }, r.Headers.Select(h => h.Name));
        Assert.Equal(new[] { HeaderType.Via, HeaderType.From, HeaderType.To, HeaderType.CallId, HeaderType.CSeq, HeaderType.Other, HeaderType.ContentLength }, r.Headers.Select(h => h.Type));
        Assert.Equal(new[] { 2, 3, 4, 5, 6, 7, 8 }, r.Headers.Select(h => h.Line));
        Assert.Equal("abc", r.CallId);
        Assert.Equal("7", r.CSeq!.Number);
        Assert.Equal("INVITE", r.CSeq.Method);
        Assert.Equal("x", r.From!.Tag);
        Assert.Null(r.To!.Tag);
        Assert.Equal(Head.Length, r.Headers[1].Offset);
    }

    [Theory]
    [InlineData("v", HeaderType.Via)]
    [InlineData("VIA", HeaderType.Via)]
    [InlineData("f", HeaderType.From)]
    [InlineData("t", HeaderType.To)]
    [InlineData("i", HeaderType.CallId)]
    [InlineData("CALL-id", HeaderType.CallId)]
    [InlineData("m", HeaderType.Contact)]
    [InlineData("l", HeaderType.ContentLength)]
    [InlineData("c", HeaderType.ContentType)]
    [InlineData("k", HeaderType.Supported)]
    [InlineData("o", HeaderType.Event)]
    [InlineData("s", HeaderType.Subject)]
    [InlineData("a", HeaderType.AcceptContact)]
    [InlineData("b", HeaderType.ReferredBy)]
    [InlineData("d", HeaderType.RequestDisposition)]
    [InlineData("e", HeaderType.ContentEncoding)]
    [InlineData("j", HeaderType.RejectContact)]
    [InlineData("r", HeaderType.ReferTo)]
    [InlineData("u", HeaderType.AllowEvents)]
    [InlineData("x", HeaderType.SessionExpires)]
    [InlineData("y", HeaderType.Identity)]
    [InlineData("n", HeaderType.Other)]
    [InlineData("X-Custom", HeaderType.Other)]
    [InlineData("p-asserted-identity", HeaderType.PAssertedIdentity)]
    public void Header_names_classify_case_insensitively_with_compact_forms(string name, HeaderType type)
        => Assert.Equal(type, HeaderNames.Classify(name));

    [Fact]
    public void Values_keep_trailing_spaces_and_folding_as_received()
    {
        var r = Parse(Head + "X-Trail: two spaces  \r\nX-Fold: first\r\n  second\r\n\tthird\r\nX-Empty:\r\nX-Blank:    \r\nSubject:\r\n folded-only\r\n" + Mandatory + "Content-Length: 0\r\n\r\n");
        Assert.Equal("two spaces  ", r.Headers[1].Value);
        Assert.Equal("first\r\n  second\r\n\tthird", r.Headers[2].Value);
        Assert.Equal("", r.Headers[3].Value);
        Assert.Equal("", r.Headers[4].Value);
        Assert.Equal("folded-only", r.Headers[5].Value);
        Assert.Equal(Encoding.ASCII.GetBytes("two spaces  "), r.Headers[1].RawValue.ToArray());
        Assert.Equal(new[] { 2, 3, 4, 7, 8, 9, 11, 12, 13, 14, 15 }, r.Headers.Select(h => h.Line));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_survive()
    {
        byte[] message = [.. Encoding.ASCII.GetBytes(Head + "X-Bin: a"), 0xff, 0xc3, (byte)'b', .. Encoding.ASCII.GetBytes("\r\n" + Mandatory + "Content-Length: 0\r\n\r\n")];
        var r = SipRequest.Parse(message);
        Assert.Equal(new byte[] { (byte)'a', 0xff, 0xc3, (byte)'b' }, r.Headers[1].RawValue.ToArray());
        Assert.Equal(new byte[] { (byte)'a', 0xff, 0xc3, (byte)'b' }, SipText.Encode(r.Headers[1].Value));
        Assert.Equal(message, r.Raw.ToArray());
    }

    [Fact]
    public void A_datagram_ending_after_a_header_line_has_no_body_and_trailing_nul_is_trimmed()
    {
        var r = Parse(Head + "X-Nul: a\0\r\nX-Last: 1\r\n" + Mandatory);
        Assert.Equal("a", r.Headers[1].Value);
        Assert.Equal("1", r.Headers[2].Value);
        Assert.Equal(0, r.Body.Length);
    }

    [Fact]
    public void Body_is_the_rest_of_the_datagram_whatever_Content_Length_says()
    {
        // Kamailio's $rb and $bs (recorded in tests/oracle/matrix: 240-body-longer-than-cl, 241-body-shorter-than-cl).
        Assert.Equal("hello, and more", Encoding.ASCII.GetString(Parse(Head + Mandatory + "l: 5\r\n\r\nhello, and more").Body.Span));
        Assert.Equal("abc", Encoding.ASCII.GetString(Parse(Head + Mandatory + "l: 9\r\n\r\nabc").Body.Span));
        Assert.Equal("all of it", Encoding.ASCII.GetString(Parse(Head + Mandatory + "X: 1\r\n\r\nall of it").Body.Span));
        Assert.Equal(0, Parse(Head + Mandatory + "Content-Length: 0\r\n\r\n").Body.Length);
    }

    [Theory]
    [InlineData("", "empty message", 1, 0)]
    [InlineData("SIP/2.0 200 OK\r\n\r\n", "a reply, not a request", 1, 0)]
    [InlineData("INVITE sip:a@b SIP/3.0\r\n\r\n", "unsupported SIP version 'SIP/3.0'", 1, 15)]
    [InlineData("INVITE\r\n\r\n", "malformed request line", 1, 0)]
    [InlineData("INVITE sip:a@b SIP/2.0", "request line is not terminated", 1, 22)]
    [InlineData("INVITE sip:a@b SIP/2.0\r\nX!Bang: 1\r\n\r\n", "invalid character '!' in header name 'X!Bang'", 2, 25)]
    [InlineData("INVITE sip:a@b SIP/2.0\r\nX Y: 1\r\n\r\n", "missing ':' after header name 'X'", 2, 26)]
    [InlineData("INVITE sip:a@b SIP/2.0\r\n: 1\r\n\r\n", "missing header name", 2, 24)]
    [InlineData("INVITE sip:a@b SIP/2.0\r\n folded\r\n\r\n", "continuation line without a header", 2, 24)]
    [InlineData("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP\r\n\r\n", "malformed Via header: missing host in via 'SIP/2.0/UDP'", 2, 29)]
    [InlineData("INVITE sip:a@b SIP/2.0\r\nCSeq: 12\r\n\r\n", "malformed CSeq header '12'", 2, 30)]
    [InlineData("INVITE sip:a@b SIP/2.0\r\nCSeq: 5\r\n INVITE\r\n\r\n", "malformed CSeq header '5\r\n INVITE'", 2, 30)]
    [InlineData("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: <sip:a@b>\r\nTo: <sip:b@c>\r\nCSeq: 1 INVITE\r\n\r\n", "no Call-ID header", 1, 0)]
    [InlineData("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: <sip:a@b>\r\nFrom: <sip:x@b>\r\nTo: <sip:b@c>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n", "more than one From header", 4, 61)]
    [InlineData("INVITE sip:a@b SIP/2.0\r\nFrom: <sip:a@b>\r\nTo: <sip:b@c>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n", "no Via header", 1, 0)]
    [InlineData("INVITE sip:a@b SIP/2.0\r\nContent-Length: 5\r\nl: 9\r\n\r\nabc", "more than one Content-Length header", 3, 43)]
    [InlineData("INVITE sip:a@b SIP/2.0\r\nContent-Length: -1\r\n\r\n", "malformed Content-Length '-1'", 2, 40)]
    [InlineData("INVITE sip:a@b SIP/2.0\r\nVia: SIP/3.0/UDP h\r\n\r\n", "malformed Via header: unsupported protocol 'SIP/3.0' in via 'SIP/3.0/UDP h'", 2, 29)]
    public void Bad_input_says_what_and_where(string text, string reason, int line, int offset)
    {
        var e = Assert.Throws<SipParseException>(() => Parse(text));
        Assert.Equal(reason, e.Reason);
        Assert.Equal(line, e.Line);
        Assert.Equal(offset, e.Offset);
        Assert.Equal($"{reason} at line {line} (offset {offset})", e.Message);
        Assert.False(SipRequest.TryParse(Encoding.UTF8.GetBytes(text), out var request, out var error));
        Assert.Null(request);
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void A_bad_header_line_drops_the_request_exactly_when_it_comes_before_the_last_mandatory_header()
    {
        // Kamailio reads From, To, Call-ID and CSeq before routing: a line that does not parse before the last of them
        // drops the request; after them the request is routed and only the exec environment is unavailable. Every
        // order of the four headers, every position of the bad line, every kind of bad line.
        string[] mandatory = ["From: <sip:a@b>;tag=1", "To: <sip:bob@example.com>", "Call-ID: t", "CSeq: 1 INVITE"];
        string[] bad = ["X!Bang: 1", "X Y: 1", ": 1", "NoColon", "Content-Length: x"];
        foreach (string[] order in Permutations(mandatory))
        {
            foreach (string line in bad)
            {
                for (int at = 0; at <= order.Length; at++)
                {
                    var headers = order.ToList();
                    headers.Insert(at, line);
                    byte[] message = Encoding.ASCII.GetBytes(Head + string.Join("\r\n", headers) + "\r\nContent-Length: 0\r\n\r\n");
                    SipRequest? request = null;
                    bool routed = Record.Exception(() => request = SipRequest.Parse(message, SipParseMode.Lenient)) is null;
                    Assert.True(routed == (at == order.Length), $"'{line}' at {at} of {string.Join(" | ", order)}: routed {routed}");
                    if (routed)
                    {
                        Assert.NotNull(request!.HeaderError);
                    }
                }
            }
        }
    }

    private static IEnumerable<string[]> Permutations(string[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (int i = 0; i < items.Length; i++)
        {
            string[] rest = [.. items[..i], .. items[(i + 1)..]];
            foreach (string[] tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }

    // Recorded with Kamailio 5.6.3 (a top Via it refuses drops the request): which parameter forms it takes, and the
    // branch that SIP_TID hashes (the last one, unquoted).
    [Theory]
    [InlineData("branch=z9hG4bK-1", "z9hG4bK-1")]
    [InlineData("branch=\"z9hG4bK-q\"", "z9hG4bK-q")]
    [InlineData("branch=z9hG4bK-a;branch=z9hG4bK-b", "z9hG4bK-b")]
    [InlineData("branch=;rport", "")]
    [InlineData("rport=", null)]
    [InlineData("branch=z9hG4bK-x;x=", "z9hG4bK-x")]
    [InlineData("branch=z9hG4bK-x;received=\"1.2.3.4\"", "z9hG4bK-x")]
    [InlineData("branch=", "refused")]
    [InlineData("received=", "refused")]
    [InlineData("branch=\"z9hG4bK-a,b\"", "refused")]
    [InlineData("branch=\"a\\\"b\"", "refused")]
    [InlineData("branch=z9hG4bK-x;x=\"a,b\"", "refused")]
    [InlineData("branch=z9hG4bK-x;rport;=", "refused")]
    [InlineData("branch=z9hG4bK-x;rport;", "refused")]
    public void Via_parameters_as_Kamailio_reads_them(string parameters, string? branch)
    {
        string via = "SIP/2.0/UDP 127.0.0.1:5081;" + parameters;
        if (branch == "refused")
        {
            Assert.Throws<FormatException>(() => ViaHeader.ParseAll(via));
            return;
        }

        Assert.Equal(branch, ViaHeader.ParseAll(via)[0].Branch);
    }

    [Fact]
    public void Hdr_lookup_matches_known_names_by_type_and_others_by_name()
    {
        var r = Parse(Head + Mandatory + "m: <sip:a@b>\r\nContact: <sip:c@d>\r\nX-Rep: 1\r\nx-rep: 2\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal(new[] { "<sip:a@b>", "<sip:c@d>" }, r.FindHeaders("Contact").Select(h => h.Value));
        Assert.Equal(new[] { "<sip:a@b>", "<sip:c@d>" }, r.FindHeaders("m").Select(h => h.Value));
        Assert.Equal(new[] { "1", "2" }, r.FindHeaders("X-REP").Select(h => h.Value));
        Assert.Equal(r.Headers.Count, r.FindHeaders("*").Count);
        Assert.Empty(r.FindHeaders("X-None"));
    }

    [Fact]
    public void Vias_every_entry_of_every_header()
    {
        var r = Parse("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP [2001:db8::1]:5062;branch=z9hG4bK-a;received=192.0.2.9;rport=5099, SIP / 2.0 / TCP host.example\r\nv: SIP/2.0/TLS h3:5061;rport\r\n" + Mandatory + "Content-Length: 0\r\n\r\n");
        Assert.Equal(3, r.Vias.Count);
        var top = r.TopVia!;
        Assert.Equal("SIP/2.0/UDP", top.Protocol);
        Assert.Equal("UDP", top.Transport);
        Assert.Equal("[2001:db8::1]", top.Host);
        Assert.Equal("5062", top.Port);
        Assert.Equal(5062, top.PortNumber);
        Assert.Equal("z9hG4bK-a", top.Branch);
        Assert.Equal("192.0.2.9", top.Received);
        Assert.Equal("5099", top.Rport);
        Assert.Equal("SIP/2.0/TCP", r.Vias[1].Protocol);
        Assert.Equal("host.example", r.Vias[1].Host);
        Assert.Null(r.Vias[1].Port);
        Assert.Equal("", r.Vias[2].Rport);
    }

    [Fact]
    public void Every_oracle_request_parses()
    {
        Assert.NotEmpty(OracleData.Cases);
        foreach (var c in OracleData.Cases)
        {
            var r = SipRequest.Parse(c.Message);
            Assert.Equal(c.Expected.GetProperty("request").GetProperty("first_line").GetString(), r.FirstLine);
            Assert.Equal(c.Message, r.Raw.ToArray());
        }
    }

    [Fact]
    public void Random_bytes_and_mutated_requests_parse_or_throw_SipParseException()
    {
        var corpus = OracleData.Cases.Select(c => c.Message).ToArray();
        var mutated = Gen.Select(Gen.Int[0, corpus.Length - 1], Gen.Int[0, 2000], Gen.Byte, Gen.Int[0, 3])
            .Select((i, pos, b, op) =>
            {
                var m = corpus[i].ToList();
                int p = Math.Min(pos, m.Count);
                switch (op)
                {
                    case 0: if (p < m.Count) { m[p] = b; } break;
                    case 1: m.Insert(p, b); break;
                    case 2: if (p < m.Count) { m.RemoveAt(p); } break;
                    default: m.RemoveRange(p, m.Count - p); break;
                }

                return m.ToArray();
            });
        var random = Gen.Byte.Array[0, 300];
        Gen.OneOf(mutated, random).Sample(bytes =>
        {
            try
            {
                var r = SipRequest.Parse(bytes);
                Assert.Equal(bytes, r.Raw.ToArray());
                Assert.All(r.Headers, h => Assert.True(HeaderNames.IsValidName(h.RawName.Span)));
            }
            catch (SipParseException e)
            {
                Assert.InRange(e.Offset, 0, bytes.Length);
                Assert.True(e.Line >= 1);
            }
        }, iter: 20_000);
    }
}
