using System.Net;
using System.Text;
using ExecToolkit.PseudoVariables;
using ExecToolkit.Templates;

namespace ExecToolkit.Tests.PseudoVariables;

public class PseudoVariableTests
{
    private const string Invite =
        "INVITE sip:bob:secret@example.com:5080;transport=tcp;lr?subject=x SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1\r\n" +
        "Via: SIP/2.0/TCP 192.0.2.2;branch=z9hG4bK-2\r\n" +
        "From: \"Alice A\" <sip:alice@example.org>;tag=ft1\r\n" +
        "To: Bob <sip:bob@example.com>;tag=tt1\r\n" +
        "Call-ID: cid-1@example.org\r\n" +
        "CSeq: 42 INVITE\r\n" +
        "Contact: <sip:alice@192.0.2.1:5060;ob>;expires=60, <sip:alt@192.0.2.9>\r\n" +
        "User-Agent: softphone/1.0 (linux)\r\n" +
        "P-Asserted-Identity: <sip:+15550100@example.org>\r\n" +
        "P-Asserted-Identity: <tel:+15550100>\r\n" +
        "P-Preferred-Identity: \"Pref\" <sip:pref@example.net>\r\n" +
        "Diversion: <sip:div@example.com>;reason=unconditional\r\n" +
        "Remote-Party-ID: <sip:rpid@example.com>;party=calling\r\n" +
        "Refer-To: <sip:target@example.com>\r\n" +
        "Proxy-Authorization: Digest username=\"alice@example.org\", realm=\"example.org\", nonce=\"n\", uri=\"sip:x\", response=\"r\"\r\n" +
        "X-Multi: one\r\n" +
        "x-multi: two\r\n" +
        "X-MULTI: three\r\n" +
        "Content-Type: text/plain\r\n" +
        "Content-Length: 5\r\n" +
        "\r\n" +
        "hello";

    private static RequestContext Context()
    {
        var c = RequestContext.Parse(Encoding.UTF8.GetBytes(Invite), new IPEndPoint(IPAddress.Parse("2001:db8::1"), 5062), "tcp", new IPEndPoint(IPAddress.Parse("198.51.100.7"), 5070));
        c.Avps.Add("x", "old");
        c.Avps.Add("x", "new");
        c.Avps.Add(AvpName.FromInteger(3), "three");
        c.Vars["v"] = "var-value";
        c.ReturnCode = -1;
        return c;
    }

    private static string Print(string pv, RequestContext? context = null)
        => CommandTemplate.Parse(pv).Expand(context ?? Context(), ExpansionMode.Verbatim);

    [Theory]
    [InlineData("$ru", "sip:bob:secret@example.com:5080;transport=tcp;lr?subject=x")]
    [InlineData("$ruri", "sip:bob:secret@example.com:5080;transport=tcp;lr?subject=x")]
    [InlineData("$rU", "bob")]
    [InlineData("$rd", "example.com")]
    [InlineData("$rp", "5080")]
    [InlineData("$rP", "tcp")]
    [InlineData("$rz", "sip")]
    [InlineData("$ou", "sip:bob:secret@example.com:5080;transport=tcp;lr?subject=x")]
    [InlineData("$oU", "bob")]
    [InlineData("$od", "example.com")]
    [InlineData("$op", "5080")]
    [InlineData("$fu", "sip:alice@example.org")]
    [InlineData("$fU", "alice")]
    [InlineData("$fd", "example.org")]
    [InlineData("$fn", "\"Alice A\"")]
    [InlineData("$ft", "ft1")]
    [InlineData("$tu", "sip:bob@example.com")]
    [InlineData("$tU", "bob")]
    [InlineData("$td", "example.com")]
    [InlineData("$tn", "Bob")]
    [InlineData("$tt", "tt1")]
    [InlineData("$ci", "cid-1@example.org")]
    [InlineData("$cs", "42")]
    [InlineData("$csb", "42 INVITE")]
    [InlineData("$ct", "<sip:alice@192.0.2.1:5060;ob>;expires=60, <sip:alt@192.0.2.9>")]
    [InlineData("$ua", "softphone/1.0 (linux)")]
    [InlineData("$si", "2001:db8::1")]
    [InlineData("$siz", "[2001:db8::1]")]
    [InlineData("$sp", "5062")]
    [InlineData("$rm", "INVITE")]
    [InlineData("$rv", "SIP/2.0")]
    [InlineData("$rb", "hello")]
    [InlineData("$bs", "5")]
    [InlineData("$cl", "5")]
    [InlineData("$cT", "text/plain")]
    [InlineData("$du", "<null>")]
    [InlineData("$br", "<null>")]
    [InlineData("$bR", "<null>")]
    [InlineData("$ds", "<null>")] // Kamailio: no destination set until the R-URI is rewritten or a branch added
    [InlineData("$ai", "sip:+15550100@example.org")]
    [InlineData("$(ai[1])", "tel:+15550100")]
    [InlineData("$(ai[*])", "")] // Kamailio prints nothing for [*] on $ai (tests/oracle/matrix)
    [InlineData("$pu", "sip:pref@example.net")]
    [InlineData("$pU", "pref")]
    [InlineData("$pd", "example.net")]
    [InlineData("$pn", "\"Pref\"")]
    [InlineData("$di", "sip:div@example.com")]
    [InlineData("$re", "sip:rpid@example.com")]
    [InlineData("$rt", "sip:target@example.com")]
    [InlineData("$Ri", "198.51.100.7")]
    [InlineData("$Rp", "5070")]
    [InlineData("$pr", "tcp")]
    [InlineData("$proto", "tcp")]
    [InlineData("$au", "alice")]
    [InlineData("$ad", "example.org")]
    [InlineData("$aU", "alice@example.org")]
    [InlineData("$ar", "example.org")]
    [InlineData("$rc", "-1")]
    [InlineData("$?", "-1")]
    [InlineData("$null", "<null>")]
    [InlineData("$hdr(X-Multi)", "one")]
    [InlineData("$(hdr(x-multi)[1])", "two")]
    [InlineData("$(hdr(X-Multi)[-1])", "three")]
    [InlineData("$(hdr(X-Multi)[*])", "one,two,three")]
    [InlineData("$(hdr(X-Multi)[7])", "<null>")]
    [InlineData("$hdr(v)", "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1")]
    [InlineData("$(hdr(Via)[1])", "SIP/2.0/TCP 192.0.2.2;branch=z9hG4bK-2")]
    [InlineData("$hdr(X-None)", "<null>")]
    [InlineData("$hdrc(X-Multi)", "3")]
    [InlineData("$hdrc(X-None)", "0")]
    [InlineData("$avp(s:x)", "new")]
    [InlineData("$avp(x)", "new")]
    [InlineData("$(avp(x)[1])", "old")]
    [InlineData("$(avp(x)[-1])", "old")]
    [InlineData("$(avp(x)[*])", "new, old")]
    [InlineData("$avp(i:3)", "three")]
    [InlineData("$avp(3)", "<null>")]
    [InlineData("$avp(s:none)", "<null>")]
    [InlineData("$var(v)", "var-value")]
    [InlineData("$var(never)", "0")]
    public void Values_follow_kamailio(string pv, string expected) => Assert.Equal(expected, Print(pv));

    [Fact]
    public void Message_buffer_length_and_process_id()
    {
        var c = Context();
        Assert.Equal(Invite, Print("$mb", c));
        Assert.Equal(Encoding.UTF8.GetByteCount(Invite).ToString(System.Globalization.CultureInfo.InvariantCulture), Print("$ml", c));
        Assert.Equal(System.Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), Print("$pp", c));
        var withEnv = new RequestContext(c.Request) { EnvironmentReader = n => n == "HOME" ? "/home/k" : null };
        Assert.Equal("/home/k <null>", Print("$env(HOME) $env(NOPE)", withEnv));
    }

    [Fact]
    public void Routing_state_changes_what_the_request_uri_variables_print()
    {
        var c = Context();
        c.NewUri = "sips:carol@example.net";
        c.DestinationUri = "sip:proxy.example.net;lr";
        c.Branches.Add(new Branch("sip:b1@example.net"));
        c.Branches.Add(new Branch("sip:b2@example.net", Q: 500));
        Assert.Equal("sips:carol@example.net carol example.net 5060 sips", Print("$ru $rU $rd $rp $rz", c)); // Kamailio: 5061 only for transport=tls
        Assert.Equal("bob", Print("$oU", c));
        Assert.Equal("sip:proxy.example.net;lr", Print("$du", c));
        Assert.Equal("sip:b1@example.net", Print("$br", c));
        Assert.Equal("<sip:b1@example.net>, <sip:b2@example.net>;q=0.5", Print("$bR", c));
        Assert.Equal("Contact: <sips:carol@example.net>, <sip:b1@example.net>, <sip:b2@example.net>;q=0.5", Print("$ds", c));

        c.NewUri = "not a uri";
        Assert.Equal("<null> <null> <null>", Print("$ru $rU $rd", c)); // Kamailio: $ru is null when the URI does not parse
    }

    [Theory]
    [InlineData("$(rU{s.len})", "3")]
    [InlineData("$(fn{s.len})", "9")]
    [InlineData("$(ua{s.toupper})", "SOFTPHONE/1.0 (LINUX)")]
    [InlineData("$(rm{s.tolower})", "invite")]
    [InlineData("$(ci{s.substr,0,3})", "cid")]
    [InlineData("$(ci{s.substr,-11,0})", "example.org")]
    [InlineData("$(ci{s.substr,4,0})", "1@example.org")]
    [InlineData("$(ci{s.substr,99,1})", "")]
    [InlineData("$(ci{s.select,1,@})", "example.org")]
    [InlineData("$(ci{s.select,-1,.})", "org")]
    [InlineData("$(rU{s.encode.hexa})", "626f62")]
    [InlineData("$(ru{uri.user})", "bob")]
    [InlineData("$(ru{uri.host})", "example.com")]
    [InlineData("$(ru{uri.port})", "5080")]
    [InlineData("$(ru{uri.param,transport})", "tcp")]
    [InlineData("$(ru{uri.param,nope})", "")]
    [InlineData("$(hdr(From){nameaddr.uri})", "sip:alice@example.org")]
    [InlineData("$(hdr(From){nameaddr.name})", "\"Alice A\" ")] // the whitespace before < is kept, as by Kamailio
    [InlineData("$(hdr(From){tobody.tag})", "ft1")]
    [InlineData("$(hdr(To){tobody.uri})", "sip:bob@example.com")]
    [InlineData("$(hdr(To){tobody.user})", "bob")]
    [InlineData("$(hdr(Diversion){param.value,reason})", "unconditional")]
    [InlineData("$(hdr(From){nameaddr.uri}{uri.user}{s.toupper})", "ALICE")]
    [InlineData("$(du{s.len})", "")]
    [InlineData("$(ua{uri.user})", "")]
    public void Transformations_follow_kamailio(string pv, string expected) => Assert.Equal(expected, Print(pv));

    [Fact]
    public void Failed_transformations_print_nothing_while_missing_values_print_null()
    {
        var c = Context();
        var du = TemplateParser.Parse("$(du{s.len})")[0].Variable!;
        Assert.Equal(PrintedValueKind.Failed, PseudoVariableEvaluator.Evaluate(du, c, out string v1));
        Assert.Equal("", v1);
        var plain = TemplateParser.Parse("$du")[0].Variable!;
        Assert.Equal(PrintedValueKind.Null, PseudoVariableEvaluator.Evaluate(plain, c, out string v2));
        Assert.Equal("<null>", v2);
    }

    [Fact]
    public void Avps_stack_newest_first_and_list_in_kamailio_order()
    {
        var store = new AvpStore();
        store.Add("a", "1");
        store.Add(AvpName.FromInteger(2), "x");
        store.Add("a", "2");
        Assert.Equal(new[] { "2", "1" }, store.GetAll(AvpName.FromString("a")));
        Assert.Equal(new[] { ("s:a", 0, "2"), ("s:a", 1, "1"), ("i:2", 0, "x") }, System.Linq.Enumerable.Select(store.Entries, e => (e.Name.ToString(), e.Index, e.Value)));
        Assert.Null(store.Get(AvpName.FromString("2")));
    }

    [Fact]
    public void Request_uri_parts_follow_every_change_of_the_uri()
    {
        // The parsed Request-URI is remembered for speed: it must never outlive the URI it was parsed from.
        RequestContext c = Context();
        Assert.Equal("bob", PseudoVariableAccessors.RequestUriUser(c));
        c.NewUri = "sip:carol@example.net:5099;transport=sctp";
        Assert.Equal(("carol", "example.net", "5099", "sctp", "sip"), (PseudoVariableAccessors.RequestUriUser(c), PseudoVariableAccessors.RequestUriHost(c), PseudoVariableAccessors.RequestUriPort(c), PseudoVariableAccessors.RequestUriTransport(c), PseudoVariableAccessors.RequestUriScheme(c)));
        c.NewUri = "not a uri";
        Assert.Null(PseudoVariableAccessors.RequestUriUser(c));
        c.NewUri = null;
        Assert.Equal("bob", PseudoVariableAccessors.RequestUriUser(c));
        Assert.Equal("bob", PseudoVariableAccessors.OriginalUriUser(c));
    }

    [Theory]
    [InlineData("X-Multi")]
    [InlineData("x-MULTI")]
    [InlineData("Call-ID")]
    [InlineData("i")]
    [InlineData("f")]
    [InlineData("*")]
    [InlineData("X-Absent")]
    public void First_header_value_is_what_hdr_prints(string name)
    {
        // Generated code reads $hdr(name) with FirstHeaderValue: it must agree with the runtime's $hdr(name).
        RequestContext c = Context();
        string? expected = PseudoVariableAccessors.Select(PseudoVariableAccessors.HeaderValues(c, name), PseudoVariableIndexKind.None, 0, ",");
        Assert.Equal(expected, PseudoVariableAccessors.FirstHeaderValue(c, name));
        Assert.Equal(expected ?? "<null>", Print("$hdr(" + name + ")", c));
    }
}

public class AvpStoreNameTests
{
    [Theory]
    [InlineData("plan", "s:plan")]
    [InlineData("s:plan", "s:plan")]
    [InlineData("$avp(s:plan)", "s:plan")]
    [InlineData("$avp(plan)", "s:plan")]
    [InlineData("i:3", "i:3")]
    [InlineData("$avp(i:3)", "i:3")]
    public void Names_are_taken_as_users_write_them(string written, string name)
    {
        var avps = new ExecToolkit.AvpStore();
        avps.Add(written, "v");
        var entry = Assert.Single(avps.Entries);
        Assert.Equal((name, 0, "v"), (entry.Name.ToString(), entry.Index, entry.Value));
        Assert.Equal("v", avps.Get(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("i:")]
    [InlineData("s:")]
    [InlineData("$avp(/re/)")]
    public void A_name_that_is_not_an_avp_name_is_an_argument_error(string written)
        => Assert.Equal("name", Assert.Throws<System.ArgumentException>(() => new ExecToolkit.AvpStore().Add(written, "v")).ParamName);
}
