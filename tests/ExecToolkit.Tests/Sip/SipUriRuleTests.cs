using System;
using System.Text;
using ExecToolkit.Sip;
using ExecToolkit.Templates;

namespace ExecToolkit.Tests.Sip;

/// <summary>
/// The rules of Kamailio 5.6's <c>parse_uri</c> that <see cref="SipUri"/> follows, one group each, and the URI
/// pseudo-variables that print its parts.
/// </summary>
public class SipUriRuleTests
{
    private const string Request =
        "INVITE sip:bob@example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1\r\n" +
        "From: <sip:alice@example.org>;tag=1\r\n" +
        "To: <sip:bob@example.com>\r\n" +
        "Call-ID: c1\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Content-Length: 0\r\n\r\n";

    // Rule: the scheme is the first four characters compared without case ("sip:", "tel:", "urn:", or "sips" and a
    // literal ':'); anything shorter than five characters fails.
    [Theory]
    [InlineData("sip:h", "sip")]
    [InlineData("SIP:h", "sip")]
    [InlineData("sIpS:h", "sips")]
    [InlineData("TEL:+1", "tel")]
    [InlineData("urn:service:sos", "urn")]
    [InlineData("sip\u001ah", "sip")] // the case fold sets bit 0x20 of every byte: 0x1A folds to ':'
    public void Scheme_is_four_characters_without_case(string text, string scheme)
    {
        Assert.True(SipUri.TryParse(text, out SipUri? u));
        Assert.Equal(scheme, u.Scheme);
        Assert.Equal(scheme, u.Type);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sip:")]
    [InlineData("sips:")]
    [InlineData("sips;h")]
    [InlineData("tel:")]
    [InlineData("foo:bar@h")]
    [InlineData("tels:+1")]
    [InlineData("<sip:bob@h>")]
    [InlineData("bob@h")]
    [InlineData(" sip:h")]
    public void Other_schemes_and_short_texts_fail(string text) => AssertInvalid(text);

    // Rule: the user part ends at the last '@' that can still close it: ';', '?' and ':' read before any '@' are kept
    // in the user when an '@' follows (RFC 3261 user-unreserved and more).
    [Theory]
    [InlineData("sip:who?@127.0.0.1:5070", "who?", null, "127.0.0.1", "5070")]
    [InlineData("sip:why?not@example.com", "why?not", null, "example.com", null)]
    [InlineData("sip:a&b=c+d$e,f;g?h/i@127.0.0.1:5070", "a&b=c+d$e,f;g?h/i", null, "127.0.0.1", "5070")]
    [InlineData("sip:sales;dept=1@example.com", "sales;dept=1", null, "example.com", null)]
    [InlineData("sip:a;b:c@h", "a;b", "c", "h", null)]
    [InlineData("sip:a;b?c:d@h", "a;b?c", "d", "h", null)]
    [InlineData("sip:a;transport=tls@h", "a;transport=tls", null, "h", null)]
    [InlineData("sip:it's@h", "it's", null, "h", null)]
    [InlineData("sip:%40@h", "%40", null, "h", null)]
    [InlineData("sip:@@h", "@", null, "h", null)] // the first character is always the user's, even '@'
    [InlineData("sip:a b@h", "a b", null, "h", null)] // parse_uri itself does not refuse blanks in the user
    [InlineData("sip:\u00e9t\u00e9@h", "\u00e9t\u00e9", null, "h", null)]
    [InlineData("sip:a\u0000b@h", "a\u0000b", null, "h", null)]
    public void User_part_runs_to_the_at_sign(string text, string user, string? password, string host, string? port)
    {
        SipUri u = SipUri.Parse(text);
        Assert.Equal(user, u.User);
        Assert.Equal(password, u.Password);
        Assert.Equal(host, u.Host);
        Assert.Equal(port, u.Port);
    }

    [Fact]
    public void An_at_sign_found_later_drops_the_parameters_read_before_it()
    {
        SipUri u = SipUri.Parse("sip:a;transport=tls;lr@h");
        Assert.Null(u.Transport);
        Assert.Equal(SipUriProtocol.None, u.Protocol);
        Assert.False(u.HasLr);
        Assert.Null(u.ParametersText);
        Assert.Empty(u.Parameters);
    }

    // Rule: "user:" starts a password; digits may still be a port (no '@' follows), and digits that exceed 65535 fail
    // as a port would even when an '@' follows. A non-digit password may not be followed by ';' or '?'.
    [Theory]
    [InlineData("sip:u:pw@h", "u", "pw")]
    [InlineData("sip:u:@h", "u", "")]
    [InlineData("sip:u:12@h", "u", "12")]
    [InlineData("sip:u:65535@h", "u", "65535")]
    [InlineData("sip:u:p;w@h", null, null)]
    [InlineData("sip:u:65536@h", null, null)]
    [InlineData("sip:u:1;x@h", null, null)]
    [InlineData("sip:u:a:b@h", null, null)]
    [InlineData("sip::pw@h", null, null)]
    [InlineData("sip:@h", null, null)]
    [InlineData("sip:@", null, null)]
    public void Passwords(string text, string? user, string? password)
    {
        if (user is null)
        {
            AssertInvalid(text);
            return;
        }

        SipUri u = SipUri.Parse(text);
        Assert.Equal(user, u.User);
        Assert.Equal(password, u.Password);
        Assert.Equal("h", u.Host);
    }

    // Rule: without '@' the host is whatever comes before ':', ';' or '?' (only '[' and ']' are refused); after '@' it
    // must start with a letter, a digit or '[' and hold letters, digits, '.' and '-' only.
    [Theory]
    [InlineData("sip:ex_ample.com", "ex_ample.com")]
    [InlineData("sip:h!x", "h!x")]
    [InlineData("sip:u@Example.COM.", "Example.COM.")]
    [InlineData("sip:u@1-a.b", "1-a.b")]
    [InlineData("sip:u@192.0.2.1", "192.0.2.1")]
    public void Hosts(string text, string host) => Assert.Equal(host, SipUri.Parse(text).Host);

    [Theory]
    [InlineData("sip:u@ex_ample.com")]
    [InlineData("sip:u@-h")]
    [InlineData("sip:u@.h")]
    [InlineData("sip:u@")]
    [InlineData("sip:u@h&x")]
    [InlineData("sip:u@h@x")]
    [InlineData("sip:u@h\u00e9")]
    [InlineData("sip:u@b c")]
    [InlineData("sip:u@h\u0001")]
    [InlineData("sip:a]b")]
    [InlineData("sip:a[b@h")]
    [InlineData("sip:]h")]
    [InlineData("sip::h")]
    public void Bad_hosts(string text) => AssertInvalid(text);

    // Rule: an IPv6 reference is '[' ... ']' (anything but '[ & @ ; ?' inside) followed by nothing, ':', ';' or '?'.
    [Theory]
    [InlineData("sip:[2001:db8::1]", null, "[2001:db8::1]", null)]
    [InlineData("sips:u@[2001:db8::1]:5061;transport=tls", "u", "[2001:db8::1]", "5061")]
    [InlineData("sip:[::ffff:192.0.2.1]?h=1", null, "[::ffff:192.0.2.1]", null)]
    [InlineData("sip:[]", null, "[]", null)]
    [InlineData("sip:[x]", null, "[x]", null)]
    [InlineData("sip:[::1];x@h", "[::1];x", "h", null)]
    public void Ipv6_references(string text, string? user, string host, string? port)
    {
        SipUri u = SipUri.Parse(text);
        Assert.Equal(user, u.User);
        Assert.Equal(host, u.Host);
        Assert.Equal(port, u.Port);
    }

    [Theory]
    [InlineData("sip:[::1")]
    [InlineData("sip:u@[::1")]
    [InlineData("sip:[")]
    [InlineData("sip:[::1]x")]
    [InlineData("sip:[::1]]")]
    [InlineData("sip:[a;b]")]
    [InlineData("sip:[a@b]")]
    [InlineData("sip:[[::1]]")]
    [InlineData("sip:[::1]:5060@h")]
    public void Bad_ipv6_references(string text) => AssertInvalid(text);

    // Rule: a port is digits, possibly none, at most 65535 and at most five characters.
    [Theory]
    [InlineData("sip:u@h:", "", 0)]
    [InlineData("sip:u@h:;lr", "", 0)]
    [InlineData("sip:h:0", "0", 0)]
    [InlineData("sip:h:65535", "65535", 65535)]
    [InlineData("sip:u@h:05060", "05060", 5060)]
    [InlineData("sip:h:5060?x=1", "5060", 5060)]
    public void Ports(string text, string port, int number)
    {
        SipUri u = SipUri.Parse(text);
        Assert.Equal(port, u.Port);
        Assert.Equal(number, u.PortNumber);
    }

    [Theory]
    [InlineData("sip:u@h:65536")]
    [InlineData("sip:h:99999")]
    [InlineData("sip:u@h:005060")]
    [InlineData("sip:h:000001")]
    [InlineData("sip:u@h:50a")]
    [InlineData("sip:u@h:-1")]
    [InlineData("sip:u@h:5060:1")]
    [InlineData("sip:h:port")]
    [InlineData("sip:u@h:5060@x")]
    [InlineData("sip:u@h:99999999999999999999")]
    public void Bad_ports(string text) => AssertInvalid(text);

    // Rule: the recognised parameters (transport, ttl, user, method, maddr, lr, r2, gr) match by exact name in any
    // ASCII case; the last one wins; an empty value is not a value; the transport is known only for exactly udp, tcp,
    // tls, sctp or ws.
    [Theory]
    [InlineData("sip:h;transport=TCP", "TCP", SipUriProtocol.Tcp)]
    [InlineData("sip:h;TrAnSpOrT=tls", "tls", SipUriProtocol.Tls)]
    [InlineData("sip:h;transport=udp;transport=sctp", "sctp", SipUriProtocol.Sctp)]
    [InlineData("sip:h;transport=ws?x=y", "ws", SipUriProtocol.Ws)]
    [InlineData("sip:h;transport=wss", "wss", SipUriProtocol.None)]
    [InlineData("sip:h;transport=tcpx", "tcpx", SipUriProtocol.None)]
    [InlineData("sip:h;transport=tls;transport=foo", "foo", SipUriProtocol.Tls)]
    [InlineData("sip:h;transport=", null, SipUriProtocol.None)]
    [InlineData("sip:h;transport=;lr", null, SipUriProtocol.None)]
    [InlineData("sip:h;transport", null, SipUriProtocol.None)]
    [InlineData("sip:h;xtransport=tcp", null, SipUriProtocol.None)]
    [InlineData("sip:h;transports=tcp", null, SipUriProtocol.None)]
    [InlineData("sip:h;tran:sport=tcp", null, SipUriProtocol.None)]
    [InlineData("sip:h;tran\u017fport=tcp", null, SipUriProtocol.None)] // no Unicode case folding
    [InlineData("sip:h;transport=a:b", "a:b", SipUriProtocol.None)]
    [InlineData("sip:h;transport=a=b", "a=b", SipUriProtocol.None)]
    public void Transport_parameter(string text, string? transport, SipUriProtocol protocol)
    {
        SipUri u = SipUri.Parse(text);
        Assert.Equal(transport, u.Transport);
        Assert.Equal(protocol, u.Protocol);
    }

    [Fact]
    public void Other_recognised_parameters()
    {
        SipUri u = SipUri.Parse("sip:u@h;TTL=5;maddr=239.0.0.1;method=REGISTER;user=ip;lr;r2=on;gr;x=1?a=b&c");
        Assert.Equal("5", u.TtlValue);
        Assert.Equal("239.0.0.1", u.MaddrValue);
        Assert.Equal("REGISTER", u.MethodValue);
        Assert.Equal("ip", u.UserParameterValue);
        Assert.True(u.HasLr);
        Assert.Null(u.LrValue);
        Assert.True(u.HasR2);
        Assert.Equal("on", u.R2Value);
        Assert.True(u.HasGr);
        Assert.Equal("TTL=5;maddr=239.0.0.1;method=REGISTER;user=ip;lr;r2=on;gr;x=1", u.ParametersText);
        Assert.Equal(u.ParametersText, u.SipParametersText);
        Assert.Equal("1", u.GetParameter("X"));
        Assert.Equal("a=b&c", u.HeadersText);
        Assert.Equal(2, u.Headers.Count);

        Assert.False(SipUri.Parse("sip:h;lrx").HasLr);
        Assert.False(SipUri.Parse("sip:h;l").HasLr);
        Assert.True(SipUri.Parse("sip:h;LR").HasLr);
        Assert.True(SipUri.Parse("sip:h;lr=").HasLr); // "lr=" at the very end still counts
        Assert.False(SipUri.Parse("sip:h;lr=;x").HasLr);
        Assert.Equal("x", SipUri.Parse("sip:h;lr=x").LrValue);
    }

    // Rule: headers follow '?'; a ';' in them is an error (unless an '@' shows they were the user part), and so is an
    // '@' once the user part is known.
    [Theory]
    [InlineData("sip:u@h?subject=x&priority=urgent", "subject=x&priority=urgent")]
    [InlineData("sip:h?", "")]
    [InlineData("sip:u@h;a=1?b=2?c", "b=2?c")]
    [InlineData("sip:u@h?a:b=c", "a:b=c")]
    public void Headers(string text, string headers) => Assert.Equal(headers, SipUri.Parse(text).HeadersText);

    [Theory]
    [InlineData("sip:h?a=b;c")]
    [InlineData("sip:u@h?a=b;c")]
    [InlineData("sip:u@h?a=b@c")]
    [InlineData("sip:u@h;a@b")]
    [InlineData("sip:a:b?c;d@h")]
    public void Bad_headers(string text) => AssertInvalid(text);

    // Rule: a sip:/sips: URI with user=phone (exactly "phone") reads as a tel URI: the type is "tel", the user ends at
    // its first ';' and the rest of the user becomes the parameters; the parameters as written stay for {uri.param}.
    [Fact]
    public void User_phone_makes_a_telephone_number()
    {
        SipUri u = SipUri.Parse("sip:+15550100;postd=pp22;isub=1411@example.com;user=phone");
        Assert.Equal("sip", u.Scheme);
        Assert.Equal("tel", u.Type);
        Assert.True(u.IsUserPhone);
        Assert.Equal("+15550100", u.User);
        Assert.Equal("example.com", u.Host);
        Assert.Equal("postd=pp22;isub=1411", u.ParametersText);
        Assert.Equal("user=phone", u.SipParametersText);
        Assert.Equal("phone", u.GetParameter("user"));

        SipUri plain = SipUri.Parse("sips:+1-555-0100@example.com;user=phone");
        Assert.Equal("tel", plain.Type);
        Assert.Equal("+1-555-0100", plain.User);
        Assert.Null(plain.ParametersText);

        Assert.Equal("sip", SipUri.Parse("sip:+1;a@h;user=Phone").Type);
        Assert.Equal("+1;a", SipUri.Parse("sip:+1;a@h;user=Phone").User);
        Assert.Equal("sip", SipUri.Parse("sip:+1@h;user=phones").Type);
        Assert.Equal("tel", SipUri.Parse("sip:h;user=phone").Type);
        Assert.Null(SipUri.Parse("sip:h;user=phone").User);

        // The user cut to nothing leaves an '@' with no user before the host, which Kamailio refuses.
        AssertInvalid("sip:;x@h;user=phone");
    }

    // Rule: for tel: the number is what a sip: URI would call its host, and the host is empty.
    [Theory]
    [InlineData("tel:+1-555-0100;phone-context=example.com", "+1-555-0100", "phone-context=example.com")]
    [InlineData("TEL:+15550100", "+15550100", null)]
    [InlineData("tel:5550100;ext=12;isub=a", "5550100", "ext=12;isub=a")]
    [InlineData("tel:(555)_0100", "(555)_0100", null)]
    public void Telephone_uris(string text, string user, string? parameters)
    {
        SipUri u = SipUri.Parse(text);
        Assert.Equal("tel", u.Type);
        Assert.Equal(user, u.User);
        Assert.Equal("", u.Host);
        Assert.Equal(parameters, u.ParametersText);
        Assert.Null(u.SipParametersText);
    }

    // Rule: for urn: the text after "urn:" is read as a sip: URI's would be, except that "a:b" with no '@' and a b
    // that is not a port is user and host instead of a failure; like tel:, it keeps its parameters in ParametersText only (Kamailio sets sip_params,
    // which {uri.param} reads, for sip: and sips: alone).
    [Theory]
    [InlineData("urn:service:sos", "service", "sos", null, null)]
    [InlineData("urn:foo:bar", "foo", "bar", null, null)]
    [InlineData("urn:A;x=1", null, "A", null, "x=1")]
    [InlineData("urn:sip:alice@127.0.0.1:5071;Transport=UDP", "sip", "127.0.0.1", "5071", "Transport=UDP")]
    public void Urn_uris(string text, string? user, string host, string? port, string? parameters)
    {
        SipUri u = SipUri.Parse(text);
        Assert.Equal("urn", u.Type);
        Assert.Equal(user, u.User);
        Assert.Equal(host, u.Host);
        Assert.Equal(port, u.Port);
        Assert.Equal(parameters, u.ParametersText);
        Assert.Null(u.SipParametersText);
    }

    [Theory]
    [InlineData("sip:bob@example.com", "sip:bob@example.com|bob|example.com|5060|UDP|sip")]
    [InlineData("sips:bob@example.com", "sips:bob@example.com|bob|example.com|5060|UDP|sips")]
    [InlineData("SIPS:bob@example.com;transport=TLS", "SIPS:bob@example.com;transport=TLS|bob|example.com|5061|TLS|sips")]
    [InlineData("sip:h;transport=tls", "sip:h;transport=tls|<null>|h|5061|tls|sip")]
    [InlineData("sip:bob@127.0.0.1:", "sip:bob@127.0.0.1:|bob|127.0.0.1||UDP|sip")]
    [InlineData("sip:who?@127.0.0.1:5070", "sip:who?@127.0.0.1:5070|who?|127.0.0.1|5070|UDP|sip")]
    [InlineData("sip:+1-555@h;user=phone", "sip:+1-555@h;user=phone|+1-555|h|5060|UDP|tel")]
    [InlineData("tel:+15550100", "tel:+15550100|+15550100|<null>|5060|UDP|tel")]
    [InlineData("sip:bob@127.0.0.1:99999", "<null>|<null>|<null>|<null>|<null>|<null>")]
    [InlineData("foo:bar", "<null>|<null>|<null>|<null>|<null>|<null>")]
    public void Request_uri_pseudo_variables(string uri, string expected)
    {
        RequestContext c = RequestContext.Parse(Encoding.ASCII.GetBytes(Request));
        c.NewUri = uri;
        Assert.Equal(expected, CommandTemplate.Parse("$ru|$rU|$rd|$rp|$rP|$rz").Expand(c, ExpansionMode.Verbatim));
    }

    // Rule: TryParse never throws, whatever the text.
    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("sip:[")]
    [InlineData("sip:@")]
    [InlineData("sip:;")]
    [InlineData("sip:?")]
    [InlineData("sip::")]
    [InlineData("sip:;@")]
    [InlineData("sip:?@")]
    [InlineData("sip:a:@")]
    [InlineData("sip:[;@")]
    [InlineData("sip:\u0000\u0001\u001f\u007f\ud800\udfff\uffff")]
    [InlineData("tel:;user=phone@")]
    [InlineData("urn:a:b")]
    public void Hostile_inputs_do_not_throw(string text)
    {
        Exception? error = Record.Exception(() => SipUri.TryParse(text, out _));
        Assert.Null(error);
    }

    [Fact]
    public void Null_and_huge_inputs()
    {
        Assert.False(SipUri.TryParse(null, out _));
        string user = new('a', 100_000);
        Assert.Equal(user, SipUri.Parse("sip:" + user + "@h").User);
        Assert.True(SipUri.TryParse("sip:h;" + new string(';', 100_000), out _));
        Assert.False(SipUri.TryParse("sip:[" + new string(':', 100_000), out _));
        Assert.False(SipUri.TryParse("sip:h:" + new string('9', 100_000), out _));
    }

    [Fact]
    public void Random_texts_never_throw_and_parts_come_from_the_text()
    {
        const string alphabet = "sipteluSIP:;?@[]&=.-_%/ \t\u0000\u00e9abc0123456789";
        var random = new Random(5_6_3);
        var sb = new StringBuilder();
        for (int n = 0; n < 50_000; n++)
        {
            sb.Clear();
            sb.Append(random.Next(4) switch { 0 => "sip:", 1 => "sips:", 2 => "tel:", _ => "" });
            int length = random.Next(24);
            for (int i = 0; i < length; i++)
            {
                sb.Append(alphabet[random.Next(alphabet.Length)]);
            }

            string text = sb.ToString();
            if (SipUri.TryParse(text, out SipUri? u))
            {
                Assert.Contains(u.Host, text, StringComparison.Ordinal);
                Assert.True(u.User is null || text.Contains(u.User, StringComparison.Ordinal), text);
                Assert.True(u.Port is null || (u.Port.Length <= 5 && u.PortNumber <= 65535), text);
            }
        }
    }

    private static void AssertInvalid(string text)
    {
        Assert.False(SipUri.TryParse(text, out _), text);
        Assert.Throws<FormatException>(() => SipUri.Parse(text));
    }
}
