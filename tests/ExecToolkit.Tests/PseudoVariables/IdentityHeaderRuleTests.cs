using System.Text;
using ExecToolkit.Sip;
using Xunit;

namespace ExecToolkit.Tests.PseudoVariables;

/// <summary>
/// The identity-header pseudo-variables <c>$ai</c>, <c>$pu $pU $pd $pn</c>, <c>$di</c>, <c>$re</c> and <c>$rt</c>: how
/// Kamailio 5.6 reads P-Asserted-Identity, P-Preferred-Identity, Diversion, Remote-Party-ID and Refer-To.
/// </summary>
/// <remarks>
/// The expected values were recorded from Kamailio 5.6.3: each request sent over UDP to a route that assigns the
/// variables in the order of <see cref="Template"/>, one read each, and prints them (hex-encoded, with a null check).
/// The order matters in Kamailio: it keeps the P-Asserted-Identity / P-Preferred-Identity headers it parsed on the
/// message, so when a later header fails the first read is null and later reads see the headers before it. ExecToolkit
/// answers every read as the first (docs/divergences.md); the four cases where that shows keep Kamailio's values in a
/// comment.
/// </remarks>
public class IdentityHeaderRuleTests
{
    /// <summary>The variables, in the order Kamailio read them.</summary>
    public const string Template = "$ai|$(ai[0])|$(ai[1])|$(ai[-1])|$(ai[2])|$(ai[9])|$(ai[10])|$pn|$pu|$pU|$pd|$di|$re|$rt";

    /// <summary>Case name, identity header lines (folded continuation lines as separate entries), printed values.</summary>
    public static readonly TheoryData<string, string[], string> Recorded = new()
    {
        { "pai-bad-element-unclosed", ["P-Asserted-Identity: <tel:+15551234567>,<sip:a@b"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "pai-empty-element", ["P-Asserted-Identity: ,tel:+15551234567"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "pai-trailing-comma", ["P-Asserted-Identity: <sip:a@b>, "], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "pai-backslash-in-quoted-param", ["P-Asserted-Identity: <sip:a@b>;p=\"x\\\"y\", <sip:c@d>"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "pai-garbage-element", ["P-Asserted-Identity: garbage here, sip:a@b"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "pai-empty-brackets", ["P-Asserted-Identity: <sip:a@b>;reason=x,", " <>"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "pai-fold-after-comma", ["P-Asserted-Identity: <sip:a@x>,", "\t\"B\" <sip:b@x>;p=1,  tel:+1"], "sip:a@x|sip:a@x|sip:b@x|sip:a@x|tel:+1|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "pai-star-and-params", ["P-Asserted-Identity: *, sip:a@b;tag=1;reason=x"], "*|*|sip:a@b|*|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "pai-second-header-bad", ["P-Asserted-Identity: <sip:a@x>, <sip:b@x>", "P-Asserted-Identity: bad<", "P-Asserted-Identity: <sip:c@x>"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" }, // Kamailio: <null>|sip:a@x|sip:b@x|sip:a@x|<null>... (later reads), see ReadOrder
        { "pai-first-header-bad", ["P-Asserted-Identity: bad<", "P-Asserted-Identity: <sip:c@x>"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "pai-across-headers", ["P-Asserted-Identity: <sip:a@x>", "X-Other: 1", "P-Asserted-Identity: sip:b@x, <sip:c@x>"], "sip:a@x|sip:a@x|sip:b@x|sip:a@x|sip:c@x|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "pai-more-than-ten", ["P-Asserted-Identity: <sip:n0@x>,<sip:n1@x>,<sip:n2@x>,<sip:n3@x>,<sip:n4@x>,<sip:n5@x>,<sip:n6@x>,<sip:n7@x>,<sip:n8@x>,<sip:n9@x>,<sip:n10@x>,<sip:n11@x>"], "sip:n0@x|sip:n0@x|sip:n1@x|sip:n0@x|sip:n2@x|sip:n9@x|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "pai-bare-uri-trailing-space", ["P-Asserted-Identity: sip:a@b  "], "sip:a@b  |sip:a@b  |<null>|sip:a@b  |<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "pai-uri-then-token", ["P-Asserted-Identity: sip:a@b c"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "ppi-bad-element", ["P-Preferred-Identity: <> , <sip:alice@example.com>"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "ppi-display-forms", ["P-Preferred-Identity: Bob Two Words <sip:bob@c>, \"x\"<sip:y@z>"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|Bob Two Words|sip:bob@c|bob|c|<null>|<null>|<null>" },
        { "ppi-empty-quoted-display", ["P-Preferred-Identity: \"\" <sip:a@b>"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|\"\"|sip:a@b|a|b|<null>|<null>|<null>" },
        { "ppi-second-header-bad", ["P-Preferred-Identity: \"A\" <sip:a@x>", "P-Preferred-Identity: <sip:b@x> junk"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" }, // Kamailio: $pn <null>, then $pu sip:a@x, $pU a, $pd x
        { "ppi-third-header-ignored", ["P-Preferred-Identity: <sip:a@x>", "P-Preferred-Identity: <sip:b@x>", "P-Preferred-Identity: bad<"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|sip:a@x|a|x|<null>|<null>|<null>" },
        { "ppi-tel", ["P-Preferred-Identity: <tel:+15551234567>"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|tel:+15551234567|+15551234567|<null>|<null>|<null>|<null>" },
        { "div-first-bad", ["Diversion: ,<sips:x@y>;counter=\"3\""], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "div-trailing-semicolon", ["Diversion: <sip:a@b>;privacy=full;, <sip:c@d>"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "div-list-first", ["Diversion: <sip:a@b>;reason=\"user busy\";counter=2, <sip:c@d>"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|sip:a@b|<null>|<null>" },
        { "div-empty-brackets", ["Diversion: <>, Bob <sip:b@c>"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "div-bare-uri-trailing-space", ["Diversion: sip:a@b  "], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|sip:a@b|<null>|<null>" },
        { "div-unclosed-with-comma", ["Diversion: <sip:a@b, <sip:c@d>;reason=x"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "rpid-list", ["Remote-Party-ID: <sip:a@x>;party=calling, tel:+1"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "rpid-token-comma-then-uri", ["Remote-Party-ID: tel:+15551234567,<sip:a@b;lr>;tag=x;privacy=full"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|sip:a@b;lr|<null>" },
        { "rpid-comma-in-tag", ["Remote-Party-ID: <sip:a@b>;tag=,", "\tsip:%41@b"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|sip:a@b|<null>" },
        { "rpid-comma-in-uri", ["Remote-Party-ID: \"A, B\" <sip:a@b,c>;screen=yes"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|sip:a@b,c|<null>" },
        { "rt-list", ["Refer-To: <sip:alice@example.com>, tel:+15551234567"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "rt-folded-list", ["Refer-To: sip:alice@example.com,", " <tel:+15551234567>"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|tel:+15551234567" },
        { "rt-compact-bad", ["r: <sip:a@b> junk"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" },
        { "rt-replaces", ["Refer-To: <sip:b@c?Replaces=x%3Bto-tag%3D1>"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|sip:b@c?Replaces=x%3Bto-tag%3D1" },
        // A header line Kamailio cannot parse (no colon) after the identity headers: its search for a next header fails.
        { "pai-bad-line-after", ["P-Asserted-Identity: <sip:a@x>, <sip:b@x>", "X, tel:+1"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" }, // Kamailio: <null>|sip:a@x|sip:b@x|sip:a@x|<null>...
        { "ppi-bad-line-after", ["P-Preferred-Identity: \"A\" <sip:a@x>", "X, tel:+1"], "<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>" }, // Kamailio: $pn <null>, then $pu sip:a@x, $pU a, $pd x
    };

    [Theory]
    [MemberData(nameof(Recorded))]
    public void Prints_what_Kamailio_printed(string name, string[] headers, string expected)
    {
        RequestContext context = RequestContext.Parse(Request(name, headers), SipParseMode.Lenient);
        Assert.Equal(expected, CommandTemplate.Parse(Template).Expand(context, ExpansionMode.Verbatim));
    }

    [Fact]
    public void A_failing_later_identity_header_leaves_every_read_null_whatever_was_read_before()
    {
        // Kamailio 5.6.3 printed <null> for the first read and sip:b@x for a second read of $(ai[1]) on the same message
        // (it keeps the headers it parsed before the failing one). ExecToolkit gives the first read's answer every time
        // (docs/divergences.md): a value does not depend on what the route printed before.
        string[] headers = ["P-Asserted-Identity: <sip:a@x>, <sip:b@x>", "P-Asserted-Identity: bad<", "P-Asserted-Identity: <sip:c@x>"];
        RequestContext context = RequestContext.Parse(Request("pai-reread", headers), SipParseMode.Lenient);
        CommandTemplate second = CommandTemplate.Parse("$(ai[1])");
        Assert.Equal("<null>", second.Expand(context, ExpansionMode.Verbatim));
        Assert.Equal("<null>", second.Expand(context, ExpansionMode.Verbatim));
        Assert.Equal("<null>", CommandTemplate.Parse("$ai").Expand(context, ExpansionMode.Verbatim));
    }

    private static byte[] Request(string name, string[] headers)
    {
        var text = new StringBuilder();
        text.Append("INVITE sip:bob@127.0.0.1:5097 SIP/2.0\r\n")
            .Append("Via: SIP/2.0/UDP 127.0.0.1:5098;branch=z9hG4bK-").Append(name).Append("\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append("From: <sip:caller@127.0.0.1>;tag=f").Append(name).Append("\r\n")
            .Append("To: <sip:bob@127.0.0.1>\r\n")
            .Append("Call-ID: ").Append(name).Append("\r\n")
            .Append("CSeq: 1 INVITE\r\n");
        foreach (string line in headers)
        {
            text.Append(line).Append("\r\n");
        }

        text.Append("Content-Length: 0\r\n\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
