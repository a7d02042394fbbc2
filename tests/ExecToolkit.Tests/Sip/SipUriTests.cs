using System;
using System.Linq;
using ExecToolkit.Sip;

namespace ExecToolkit.Tests.Sip;

public class SipUriTests
{
    [Fact]
    public void Sip_uri_parts()
    {
        var u = SipUri.Parse("SIP:alice:pw@Example.COM:5070;transport=TCP;lr;x=1?subject=hi&h=2");
        Assert.Equal("sip", u.Scheme);
        Assert.Equal("alice", u.User);
        Assert.Equal("pw", u.Password);
        Assert.Equal("Example.COM", u.Host);
        Assert.Equal("5070", u.Port);
        Assert.Equal(5070, u.PortNumber);
        Assert.Equal("TCP", u.Transport);
        Assert.Equal("", u.GetParameter("LR"));
        Assert.Equal("1", u.GetParameter("x"));
        Assert.Null(u.GetParameter("maddr"));
        Assert.Equal(new[] { "subject", "h" }, u.Headers.Select(h => h.Key));
        Assert.Equal("SIP:alice:pw@Example.COM:5070;transport=TCP;lr;x=1?subject=hi&h=2", u.ToString());
    }

    [Theory]
    [InlineData("sip:example.com", null, "example.com", null)]
    [InlineData("sips:[2001:db8::1]:5061", null, "[2001:db8::1]", "5061")]
    [InlineData("sip:it's@127.0.0.1:5070", "it's", "127.0.0.1", "5070")]
    [InlineData("sip:%C3%A9t%C3%A9@h", "%C3%A9t%C3%A9", "h", null)]
    [InlineData("sip:+1555;npdi@gw;user=phone", "+1555", "gw", null)] // user=phone: Kamailio cuts the number at ";"
    [InlineData("tel:+1-555-0100;phone-context=example.com", "+1-555-0100", "", null)]
    public void Users_hosts_ports(string text, string? user, string host, string? port)
    {
        Assert.True(SipUri.TryParse(text, out var u));
        Assert.Equal(user, u.User);
        Assert.Equal(host, u.Host);
        Assert.Equal(port, u.Port);
    }

    [Theory]
    [InlineData("sip:@host")]
    [InlineData("foo:bar@host")]
    [InlineData("not a uri")]
    [InlineData("sip:")]
    [InlineData("sip:host:port")]
    [InlineData("sip:host:99999")]
    [InlineData("sip:[::1")]
    [InlineData("tel:")]
    [InlineData("sip:a@b c")] // after "@" the host may hold only letters, digits, "." and "-"
    public void Invalid_uris(string text)
    {
        Assert.False(SipUri.TryParse(text, out _));
        Assert.Throws<FormatException>(() => SipUri.Parse(text));
    }

    [Theory]
    [InlineData("\"Alice A\" <sip:alice@a.org>;tag=1", "\"Alice A\"", "sip:alice@a.org", "1")]
    [InlineData("Bob <sip:bob@b.org>", "Bob", "sip:bob@b.org", null)]
    [InlineData("<sip:c@c.org>;tag=", null, "sip:c@c.org", "")]
    [InlineData("sip:d@d.org;tag=4", null, "sip:d@d.org", "4")]
    [InlineData("\"a<b>, c\" <sip:e@e.org>", "\"a<b>, c\"", "sip:e@e.org", null)]
    [InlineData("  <tel:+1555>  ", null, "tel:+1555", null)]
    public void Name_addresses(string text, string? display, string uri, string? tag)
    {
        Assert.True(NameAddress.TryParse(text, out var n));
        Assert.Equal(display, n.DisplayName);
        Assert.Equal(uri, n.Uri);
        Assert.Equal(tag, n.Tag);
        Assert.NotNull(n.ParsedUri);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"unterminated <sip:a@b>")]
    [InlineData("<sip:a@b")]
    [InlineData("<>")]
    [InlineData("<sip:a@b> junk")]
    public void Bad_name_addresses(string text) => Assert.False(NameAddress.TryParse(text, out _));

    [Fact]
    public void Contact_lists_respect_quotes_and_brackets()
    {
        var list = NameAddress.ParseList("\"x, y\" <sip:a@b;p=1,2>;q=0.5, <sip:c@d>, sip:e@f");
        Assert.Equal(new[] { "sip:a@b;p=1,2", "sip:c@d", "sip:e@f" }, list.Select(n => n.Uri));
        Assert.Equal("0.5", list[0].Parameters.Single().Value);
    }

    [Theory]
    [InlineData("42 INVITE", "42", "INVITE")]
    [InlineData("  1   BYE  ", "1", "BYE")]
    [InlineData("x INVITE", "x", "INVITE")]
    [InlineData("-1 INVITE", "-1", "INVITE")]
    [InlineData("99999999999 INVITE", "99999999999", "INVITE")]
    [InlineData("007\tACK", "007", "ACK")]
    public void CSeq(string text, string number, string method)
    {
        Assert.True(CSeqHeader.TryParse(text, out var c));
        Assert.Equal(number, c.Number);
        Assert.Equal(method, c.Method);
    }

    [Theory]
    [InlineData("INVITE")]
    [InlineData("1")]
    [InlineData("5\r\n INVITE")]
    [InlineData("1 INVITE extra")]
    public void Bad_CSeq(string text) => Assert.False(CSeqHeader.TryParse(text, out _));
}
