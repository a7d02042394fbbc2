using System;
using System.Linq;
using System.Text;
using ExecToolkit.Sip;

namespace ExecToolkit.Tests.Sip;

/// <summary>
/// NameAddress.TryParse follows Kamailio 5.6's parse_to, the parser behind $fu $fn $ft $tu $tn $tt and {tobody.*}.
/// Every expectation here was checked against a running Kamailio 5.6.3 (From and To of a request, xlog of $fu $fn
/// $ft $tu $tn $tt; a To that does not parse drops the request).
/// </summary>
public class NameAddressRuleTests
{
    [Theory]
    [InlineData("\"Alice\" <sip:a@b>;tag=1", "\"Alice\"", "sip:a@b", "1")]
    [InlineData("Alice Smith <sip:a@b>", "Alice Smith", "sip:a@b", null)]
    [InlineData("Al ice  Bob\t<sip:a@b>", "Al ice  Bob", "sip:a@b", null)]
    [InlineData("Alice<sip:a@b>", "Alice", "sip:a@b", null)]
    [InlineData("\"\" <sip:a@b>", "\"\"", "sip:a@b", null)]
    [InlineData("\"a\\\"b\" <sip:a@b>", "\"a\\\"b\"", "sip:a@b", null)]
    [InlineData("sip:a@b\tc <sip:x@y>", "sip:a@b\tc", "sip:x@y", null)]
    [InlineData("< sip:a@b >", null, "sip:a@b", null)]
    [InlineData("sip:a@b;tag=1", null, "sip:a@b", "1")]
    [InlineData("sip:a@b ;tag=1", null, "sip:a@b", "1")]
    [InlineData("tel:+1;tag=9", null, "tel:+1", "9")]
    [InlineData("sip:a@b,c", null, "sip:a@b,c", null)]
    [InlineData("<sip:a@b> ;tag=1", null, "sip:a@b", "1")]
    [InlineData("<sip:a@b>\r\n ;tag=1", null, "sip:a@b", "1")]
    [InlineData("<sip:a@b>;tag=1 ", null, "sip:a@b", "1")]
    [InlineData("<sip:a@b>;tag = 5", null, "sip:a@b", "5")]
    [InlineData("<sip:a@b>;TAG=x", null, "sip:a@b", "x")]
    [InlineData("<sip:a@b>;tag=\"x\"", null, "sip:a@b", "x")]
    [InlineData("<sip:a@b>;tag=\"a,b\"", null, "sip:a@b", "a,b")]
    [InlineData("<sip:a@b>;tag=a,b", null, "sip:a@b", "a,b")]
    [InlineData("<sip:a@b>;tag=1,", null, "sip:a@b", "1,")]
    [InlineData("<sip:a@b>;tag=1;tag=2", null, "sip:a@b", "2")]
    [InlineData("<sip:a@b>;p=\"a;b\";tag=2", null, "sip:a@b", "2")]
    [InlineData("<sip:a@b>;tag=", null, "sip:a@b", "")]
    [InlineData("<sip:a@b>;tag= ", null, "sip:a@b", "")]
    [InlineData("<sip:a@b>;tag", null, "sip:a@b", null)] // a tag without '=' has no value: $ft is <null>
    [InlineData("Bob; <sip:bob@b.org>", null, "Bob", null)] // a ';' after a bare token starts the parameters
    [InlineData("A;<", null, "A", null)] // '<' is an ordinary character in a parameter name
    public void Accepted_as_Kamailio_reads_them(string text, string? display, string uri, string? tag)
    {
        Assert.True(NameAddress.TryParse(text, out NameAddress? value));
        Assert.Equal(display, value.DisplayName);
        Assert.Equal(uri, value.Uri);
        Assert.Equal(tag, value.Tag);
        Assert.True(NameAddress.TryParseToHeader(text, out _));
    }

    [Theory]
    [InlineData("<sip:a\\b@x>")] // a backslash outside a quoted display name
    [InlineData("<sip:a@b>;x=\"y\\\"z\"")] // even inside a quoted parameter value
    [InlineData("\"\\\" <sip:a@b>")]
    [InlineData("\"a\\")]
    [InlineData("\"Al\r\n ice\" <sip:a@b>")] // CR or LF inside a quoted display name
    [InlineData("<sip:a b@c>")] // white space inside the angle brackets
    [InlineData("<\",1>")] // a quote inside the angle brackets
    [InlineData("ttag=<@\"ag<>")]
    [InlineData("sip:a@b x")] // a token after a bare URI is a display name without its <URI>
    [InlineData("\"x\" sip:a@b")]
    [InlineData("\"A\" \"B\" <sip:a@b>")]
    [InlineData("\"A\"B <sip:a@b>")]
    [InlineData("<sip:a@b>x")]
    [InlineData(";<t>")]
    [InlineData(">")]
    [InlineData("<sip:a@b>;")] // an empty parameter
    [InlineData("<sip:a@b>;;tag=1")]
    [InlineData("<sip:a@b>;=x")]
    [InlineData("<sip:a@b>;x=1,")] // a comma is allowed only in a tag value
    [InlineData("<sip:a@b>;tag=x y")]
    [InlineData("<sip:a@b>;tag=\"a")]
    [InlineData("sip:a@b, sip:c@d")] // a second address
    [InlineData("<sip:a@b>, <sip:c@d>")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<>")]
    public void Refused_as_Kamailio_refuses_them(string text)
    {
        Assert.False(NameAddress.TryParse(text, out _));
        Assert.False(NameAddress.TryParseToHeader(text, out _));
    }

    [Fact]
    public void Null_is_refused() => Assert.False(NameAddress.TryParse(null, out _));

    [Theory]
    [InlineData("b\r%=a", "b")] // a CR not followed by white space ends the header
    [InlineData("'\r<", "'")]
    [InlineData("sip:a@b\0junk", "sip:a@b")] // so does a NUL
    [InlineData("<sip:a@b>;tag=1\0x", "sip:a@b")]
    public void A_lone_CR_or_a_NUL_ends_the_value(string text, string uri)
    {
        // From (and {tobody}) is parsed on the header's own text: what follows is ignored.
        Assert.True(NameAddress.TryParse(text, out NameAddress? value));
        Assert.Equal(uri, value.Uri);

        // To is parsed while the headers are split: what follows is read as the next header line, which drops the
        // request unless it starts like a header.
        Assert.False(NameAddress.TryParseToHeader(text, out _));
    }

    [Theory]
    [InlineData("@a\rtel:", "@a")]
    [InlineData("x\rsips:\rsips:,sips:\t'b\r;tag=", "x")]
    public void A_To_value_cut_before_something_header_like_is_kept(string text, string uri)
    {
        Assert.True(NameAddress.TryParseToHeader(text, out NameAddress? value));
        Assert.Equal(uri, value.Uri);
    }

    [Theory]
    [InlineData("%\raga\"a::\ttag=")] // '"' is not a header-name character
    [InlineData("'TaAT\r<>\"@sips:")]
    public void A_To_value_cut_before_something_else_is_refused(string text)
        => Assert.False(NameAddress.TryParseToHeader(text, out _));

    [Fact]
    public void Parameters_are_kept_in_order_as_Kamailio_keeps_them()
    {
        Assert.True(NameAddress.TryParse("\"Bob\" <sip:bob@b.org;transport=udp>;x;y=;z=\"1;2\";TAG=t1;w=v", out NameAddress? value));
        Assert.Equal("sip:bob@b.org;transport=udp", value.Uri);
        Assert.Equal("bob", value.ParsedUri?.User);
        Assert.Equal(
            new[] { ("x", (string?)null), ("y", ""), ("z", "1;2"), ("TAG", "t1"), ("w", "v") },
            value.Parameters.Select(p => (p.Key, p.Value)));
        Assert.Equal("t1", value.Tag);
    }

    [Fact]
    public void Contact_lists_keep_their_own_rule()
    {
        // ParseList splits at commas outside quotes and brackets first (Kamailio's contact parser, not parse_to).
        var list = NameAddress.ParseList("<sip:a@b>, \"x\" <sip:c@d>;q=1");
        Assert.Equal(new[] { "sip:a@b", "sip:c@d" }, list.Select(n => n.Uri));
        Assert.Equal("\"x\"", list[1].DisplayName);
    }

    [Fact]
    public void Hostile_input_never_throws()
    {
        string[] pieces = ["\"", "<", ">", ";", "=", ",", "\\", "@", ":", "sip:", "tel:", " ", "\t", "\r", "\n", "\r\n", "\r\n ", "tag=", ";tag=", "t", "a", "g", "x", "1", "\0", "é", "\uD800"];
        var random = new Random(5);
        var text = new StringBuilder();
        for (int i = 0; i < 20000; i++)
        {
            text.Clear();
            int n = random.Next(0, 16);
            for (int k = 0; k < n; k++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            string s = text.ToString();
            if (NameAddress.TryParse(s, out NameAddress? value))
            {
                _ = value.Tag;
                _ = value.ParsedUri;
                _ = value.Parameters.Count;
                _ = value.ToString();
            }

            _ = NameAddress.TryParseToHeader(s, out _);
            _ = NameAddress.ParseList(s).Count;
        }

        string huge = new string('<', 100000) + new string('"', 3) + new string(';', 50000);
        Assert.False(NameAddress.TryParse(huge, out _));
        Assert.True(NameAddress.TryParse("sip:a@b" + string.Concat(Enumerable.Repeat(";tag=1", 20000)), out NameAddress? many));
        Assert.Equal("1", many.Tag);
    }
}
