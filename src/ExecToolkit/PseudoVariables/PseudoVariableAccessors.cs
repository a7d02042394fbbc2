using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ExecToolkit.Sip;
using ExecToolkit.Templates;

namespace ExecToolkit.PseudoVariables;

/// <summary>
/// The value of every request pseudo-variable, one method each, as Kamailio 5.6 computes it. A null result prints as
/// <c>&lt;null&gt;</c>. Generated code calls these methods directly.
/// </summary>
public static class PseudoVariableAccessors
{
    /// <summary><c>$ru</c>: the current Request-URI; null when it does not parse, as in Kamailio.</summary>
    public static string? RequestUri(RequestContext c) => c.CurrentUriParsed is null ? null : c.CurrentUri;

    /// <summary><c>$rU</c>: user of the current Request-URI.</summary>
    public static string? RequestUriUser(RequestContext c) => EmptyAsNull(c.CurrentUriParsed?.User);

    /// <summary><c>$rd</c>: host of the current Request-URI.</summary>
    public static string? RequestUriHost(RequestContext c) => UriHost(c.CurrentUriParsed);

    /// <summary><c>$rp</c>: port of the current Request-URI as written; when absent 5061 for <c>transport=tls</c>, else 5060 (even for sips, as Kamailio).</summary>
    public static string? RequestUriPort(RequestContext c) => UriPort(c.CurrentUriParsed);

    /// <summary><c>$rP</c>: transport parameter of the current Request-URI, <c>UDP</c> when absent.</summary>
    public static string? RequestUriTransport(RequestContext c) => UriTransport(c.CurrentUriParsed);

    /// <summary><c>$rz</c>: type of the current Request-URI (<c>tel</c> for a sip URI with <c>user=phone</c>).</summary>
    public static string? RequestUriScheme(RequestContext c) => c.CurrentUriParsed?.Type;

    /// <summary><c>$ou</c>: the original Request-URI; null when it does not parse, as in Kamailio.</summary>
    public static string? OriginalUri(RequestContext c) => c.OriginalUriParsed is null ? null : c.OriginalUri;

    /// <summary><c>$oU</c>: user of the original Request-URI.</summary>
    public static string? OriginalUriUser(RequestContext c) => EmptyAsNull(c.OriginalUriParsed?.User);

    /// <summary><c>$od</c>: host of the original Request-URI.</summary>
    public static string? OriginalUriHost(RequestContext c) => UriHost(c.OriginalUriParsed);

    /// <summary><c>$op</c>: port of the original Request-URI.</summary>
    public static string? OriginalUriPort(RequestContext c) => UriPort(c.OriginalUriParsed);

    /// <summary><c>$oP</c>: transport of the original Request-URI.</summary>
    public static string? OriginalUriTransport(RequestContext c) => UriTransport(c.OriginalUriParsed);

    /// <summary><c>$fu</c>: From URI.</summary>
    public static string? FromUri(RequestContext c) => c.Request.From?.Uri;

    /// <summary><c>$fU</c>: From URI user.</summary>
    public static string? FromUser(RequestContext c) => EmptyAsNull(Parsed(c.Request.From)?.User);

    /// <summary><c>$fd</c>: From URI host.</summary>
    public static string? FromHost(RequestContext c) => EmptyAsNull(Parsed(c.Request.From)?.Host);

    /// <summary><c>$fn</c>: From display name.</summary>
    public static string? FromDisplayName(RequestContext c) => c.Request.From?.DisplayName;

    /// <summary><c>$ft</c>: From tag.</summary>
    public static string? FromTag(RequestContext c) => EmptyAsNull(c.Request.From?.Tag); // an empty ;tag= prints <null>, as in Kamailio

    /// <summary><c>$tu</c>: To URI.</summary>
    public static string? ToUri(RequestContext c) => c.Request.To?.Uri;

    /// <summary><c>$tU</c>: To URI user.</summary>
    public static string? ToUser(RequestContext c) => EmptyAsNull(Parsed(c.Request.To)?.User);

    /// <summary><c>$td</c>: To URI host.</summary>
    public static string? ToHost(RequestContext c) => EmptyAsNull(Parsed(c.Request.To)?.Host);

    /// <summary><c>$tn</c>: To display name.</summary>
    public static string? ToDisplayName(RequestContext c) => c.Request.To?.DisplayName;

    /// <summary><c>$tt</c>: To tag.</summary>
    public static string? ToTag(RequestContext c) => EmptyAsNull(c.Request.To?.Tag); // an empty ;tag= prints <null>, as in Kamailio

    /// <summary><c>$ci</c>: Call-ID body.</summary>
    public static string? CallId(RequestContext c) => c.Request.GetHeader(HeaderType.CallId)?.Value; // trailing whitespace kept, as in Kamailio

    /// <summary><c>$cs</c>: CSeq number.</summary>
    public static string? CSeqNumber(RequestContext c) => c.Request.CSeq?.Number;

    /// <summary><c>$csb</c>: whole CSeq body.</summary>
    public static string? CSeqBody(RequestContext c) => c.Request.GetHeader(HeaderType.CSeq)?.Value;

    /// <summary><c>$ct</c>: body of the first Contact header, raw.</summary>
    public static string? Contact(RequestContext c) => EmptyAsNull(c.Request.GetHeader(HeaderType.Contact)?.Value); // an empty Contact prints <null>, as in Kamailio

    /// <summary><c>$ua</c>: User-Agent body.</summary>
    public static string? UserAgent(RequestContext c) => c.Request.GetHeader(HeaderType.UserAgent)?.Value;

    /// <summary><c>$cT</c>: Content-Type body.</summary>
    public static string? ContentType(RequestContext c) => c.Request.GetHeader(HeaderType.ContentType)?.Value;

    /// <summary><c>$cl</c>: Content-Length value.</summary>
    public static string? ContentLength(RequestContext c) => c.Request.GetHeader(HeaderType.ContentLength)?.Value; // trailing whitespace kept, as in Kamailio

    /// <summary><c>$ai</c>: URIs of P-Asserted-Identity, every identity of every header in order.</summary>
    public static IReadOnlyList<string> AssertedIdentities(RequestContext c) => IdentityUris(IdentityHeaders.Asserted(c));

    /// <summary>
    /// <c>$(ai[n])</c> as Kamailio prints it: the n-th identity (null past the end); a negative index gives the first,
    /// and <c>[*]</c> prints nothing (null when there is no identity).
    /// </summary>
    internal static string? AssertedIdentity(RequestContext c, PseudoVariableIndexKind kind, int index)
    {
        IReadOnlyList<string> identities = AssertedIdentities(c); // empty when Kamailio prints null (see IdentityHeaders)
        return kind switch
        {
            PseudoVariableIndexKind.All => identities.Count == 0 ? null : "",
            PseudoVariableIndexKind.Number when index < 0 => identities.Count == 0 ? null : identities[0],
            _ => Select(identities, kind, index, ","),
        };
    }

    /// <summary><c>$pu</c>: P-Preferred-Identity URI.</summary>
    public static string? PreferredIdentityUri(RequestContext c) => PreferredIdentity(c)?.Uri;

    /// <summary><c>$pU</c>: P-Preferred-Identity user.</summary>
    public static string? PreferredIdentityUser(RequestContext c) => EmptyAsNull(ParsedIdentity(PreferredIdentity(c))?.User);

    /// <summary><c>$pd</c>: P-Preferred-Identity host.</summary>
    public static string? PreferredIdentityHost(RequestContext c) => EmptyAsNull(ParsedIdentity(PreferredIdentity(c))?.Host);

    /// <summary><c>$pn</c>: P-Preferred-Identity display name.</summary>
    public static string? PreferredIdentityDisplayName(RequestContext c) => PreferredIdentity(c)?.Display;

    /// <summary><c>$di</c>: Diversion URI.</summary>
    public static string? DiversionUri(RequestContext c) => IdentityHeaders.Diversion(c)?.Uri;

    /// <summary><c>$re</c>: Remote-Party-ID URI.</summary>
    public static string? RemotePartyIdUri(RequestContext c) => IdentityHeaders.RemotePartyId(c)?.Uri;

    /// <summary><c>$rt</c>: Refer-To URI.</summary>
    public static string? ReferToUri(RequestContext c) => IdentityHeaders.ReferTo(c)?.Uri;

    /// <summary><c>$aU</c>: whole username of the credentials (Proxy-Authorization first, then Authorization).</summary>
    public static string? AuthUsername(RequestContext c) => Credentials(c, "username");

    /// <summary><c>$au</c>: user part of the credentials' username.</summary>
    public static string? AuthUser(RequestContext c)
    {
        string? name = AuthUsername(c);
        if (name is null)
        {
            return null;
        }

        int at = name.IndexOf('@', System.StringComparison.Ordinal);
        return at < 0 ? name : name[..at];
    }

    /// <summary><c>$ad</c>: domain part of the credentials' username: empty when it has no <c>@</c>, null without credentials.</summary>
    public static string? AuthDomain(RequestContext c)
    {
        string? name = AuthUsername(c);
        if (name is null)
        {
            return null;
        }

        int at = name.IndexOf('@', System.StringComparison.Ordinal);
        return at < 0 ? "" : name[(at + 1)..];
    }

    /// <summary><c>$ar</c>: realm of the credentials.</summary>
    public static string? AuthRealm(RequestContext c) => Credentials(c, "realm");

    /// <summary><c>$rm</c>: method.</summary>
    public static string? Method(RequestContext c) => c.Request.Method;

    /// <summary><c>$rv</c>: SIP version.</summary>
    public static string? Version(RequestContext c) => c.Request.Version;

    /// <summary><c>$mb</c>: the whole message as received.</summary>
    public static string? MessageBuffer(RequestContext c) => SipText.Decode(c.Request.Raw.Span);

    /// <summary><c>$ml</c>: message length in bytes.</summary>
    public static string? MessageLength(RequestContext c) => c.Request.Raw.Length.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// <c>$rb</c>: the body; empty when there is none. Null when a header line does not parse: Kamailio finds the body
    /// only after parsing every header.
    /// </summary>
    public static string? Body(RequestContext c) => c.Request.HeaderError is not null ? null : SipText.Decode(c.Request.Body.Span);

    /// <summary><c>$bs</c>: body size in bytes.</summary>
    public static string? BodySize(RequestContext c) => c.Request.Body.Length.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>$du</c>: destination URI.</summary>
    public static string? DestinationUri(RequestContext c) => c.DestinationUri;

    /// <summary><c>$br</c>: URI of the first additional branch.</summary>
    public static string? FirstBranch(RequestContext c) => c.Branches.Count == 0 ? null : c.Branches[0].Uri;

    /// <summary><c>$bR</c>: every additional branch as <c>&lt;uri&gt;[;q=x]</c>, joined with <c>", "</c>.</summary>
    public static string? AllBranches(RequestContext c)
    {
        if (c.Branches.Count == 0)
        {
            return null;
        }

        var sb = new StringBuilder();
        foreach (Branch b in c.Branches)
        {
            if (sb.Length > 0)
            {
                sb.Append(", ");
            }

            sb.Append(b.ToContactElement());
        }

        return sb.ToString();
    }

    /// <summary>
    /// <c>$ds</c>: the destination set as <c>Contact: &lt;uri&gt;, ...</c>: the Request-URI once it was rewritten
    /// (<see cref="RequestContext.NewUri"/>, e.g. by exec_dset), then the branches. Null when neither exists, as
    /// Kamailio's print_dset: a request as received has no destination set.
    /// </summary>
    public static string? DestinationSet(RequestContext c)
    {
        bool rewritten = !string.IsNullOrEmpty(c.NewUri);
        if (!rewritten && c.Branches.Count == 0)
        {
            return null;
        }

        var sb = new StringBuilder("Contact: ");
        if (rewritten)
        {
            sb.Append(Branch.FormatContact(c.CurrentUri, c.RequestUriQ));
        }

        for (int i = 0; i < c.Branches.Count; i++)
        {
            if (rewritten || i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(c.Branches[i].ToContactElement());
        }

        return sb.ToString();
    }

    /// <summary><c>$si</c>: source IP, IPv6 without brackets.</summary>
    public static string? SourceIp(RequestContext c) => FormatIp(c.Source.Address);

    /// <summary><c>$siz</c>: source IP, IPv6 in brackets.</summary>
    public static string? SourceIpBracketed(RequestContext c)
        => c.Source.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + FormatIp(c.Source.Address) + "]" : FormatIp(c.Source.Address);

    /// <summary><c>$sp</c>: source port.</summary>
    public static string? SourcePort(RequestContext c) => c.Source.Port.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>$Ri</c>: local IP the request arrived on.</summary>
    public static string? LocalIp(RequestContext c) => FormatIp(c.Local.Address);

    /// <summary><c>$Rp</c>: local port the request arrived on.</summary>
    public static string? LocalPort(RequestContext c) => c.Local.Port.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>$pr</c>: receive transport, lower case.</summary>
    public static string? Protocol(RequestContext c) => c.Transport;

    /// <summary><c>$pp</c>: the server's process id.</summary>
    public static string? ProcessId(RequestContext c) => c.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>$rc</c>, <c>$?</c>: the last return code.</summary>
    public static string? ReturnCode(RequestContext c) => c.ReturnCode.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>$null</c>.</summary>
    public static string? Null(RequestContext c) => null;

    /// <summary><c>$env(NAME)</c>: the server's own environment.</summary>
    public static string? EnvironmentVariable(RequestContext c, string name) => c.EnvironmentReader(name);

    /// <summary>Bodies of the headers <c>$hdr(name)</c> matches, in message order.</summary>
    public static IReadOnlyList<string> HeaderValues(RequestContext c, string name)
    {
        if (c.Request.HeaderError is not null)
        {
            return [];
        }

        IReadOnlyList<SipHeader> headers = c.Request.FindHeaders(name);
        var values = new string[headers.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = headers[i].Value;
        }

        return values;
    }

    /// <summary><c>$hdr(name)</c> without an index: the body of the first header the name matches, or null.</summary>
    public static string? FirstHeaderValue(RequestContext c, string name)
        => FirstHeaderValue(c, HeaderNames.Classify(name), name);

    /// <summary>
    /// <c>$hdr(name)</c> without an index, with the name already classified (<see cref="HeaderNames.Classify"/>), as
    /// generated code does once per template: no list and no lookup per call.
    /// </summary>
    public static string? FirstHeaderValue(RequestContext c, HeaderType type, string name)
    {
        ArgumentNullException.ThrowIfNull(c);

        // Kamailio parses every header line before $hdr looks: a line that does not parse leaves $hdr null for any name.
        return c.Request.HeaderError is not null ? null : c.Request.FindFirstHeader(type, name)?.Value;
    }

    /// <summary><c>$hdrc(name)</c>: the number of headers with that name.</summary>
    public static string? HeaderCount(RequestContext c, string name)
        => name == "*" || c.Request.HeaderError is not null ? "0" : c.Request.FindHeaders(name).Count.ToString(CultureInfo.InvariantCulture); // Kamailio counts no header for $hdrc(*)

    /// <summary><c>$var(name)</c>.</summary>
    public static string? Variable(RequestContext c, string name) => c.Vars[name];

    /// <summary>Picks from a list as Kamailio's indexes do: none is the first, <c>[n]</c>, <c>[-n]</c> from the end, <c>[*]</c> joined.</summary>
    internal static string? Select(IReadOnlyList<string> values, PseudoVariableIndexKind kind, int index, string separator)
    {
        if (values.Count == 0)
        {
            return null;
        }

        switch (kind)
        {
            case PseudoVariableIndexKind.All:
                // Kamailio writes the separator only once something is written: leading empty values leave no trace.
                var joined = new StringBuilder();
                foreach (string value in values)
                {
                    if (joined.Length > 0)
                    {
                        joined.Append(separator);
                    }

                    joined.Append(value);
                }

                return joined.ToString();
            case PseudoVariableIndexKind.Number:
                int i = index < 0 ? values.Count + index : index;
                return i >= 0 && i < values.Count ? values[i] : null;
            default:
                return values[0];
        }
    }

    private static string? UriHost(SipUri? u) => u is null ? null : EmptyAsNull(u.Host);

    private static string? UriPort(SipUri? u) => u is null ? null : u.Port ?? (u.Protocol == SipUriProtocol.Tls ? "5061" : "5060");

    private static string? UriTransport(SipUri? u) => u is null ? null : u.Transport ?? "UDP";

    private static string FormatIp(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            address = new IPAddress(address.GetAddressBytes());
        }

        return address.ToString();
    }

    private static SipUri? Parsed(NameAddress? value) => value?.ParsedUri;

    private static string? EmptyAsNull(string? s) => string.IsNullOrEmpty(s) ? null : s;

    // $pu $pU $pd $pn read the first P-Preferred-Identity identity.
    private static IdentityHeaders.Identity? PreferredIdentity(RequestContext c) =>
        IdentityHeaders.Preferred(c) is [IdentityHeaders.Identity first, ..] ? first : null;

    private static SipUri? ParsedIdentity(IdentityHeaders.Identity? identity) =>
        identity is not null && SipUri.TryParse(identity.Uri, out SipUri? uri) ? uri : null;

    private static List<string> IdentityUris(List<IdentityHeaders.Identity>? identities)
    {
        var uris = new List<string>();
        foreach (IdentityHeaders.Identity identity in identities ?? [])
        {
            uris.Add(identity.Uri);
        }

        return uris;
    }

    private static string? Credentials(RequestContext c, string parameter)
    {
        if (c.Request.Method is "ACK" or "CANCEL")
        {
            return null;
        }

        SipHeader? proxy = c.Request.GetHeader(HeaderType.ProxyAuthorization);
        SipHeader? plain = c.Request.GetHeader(HeaderType.Authorization);
        if (c.Request.HeaderError is not null && (proxy is null || plain is null))
        {
            // Kamailio looks for both headers; a bad header line before it has found both leaves the credentials null.
            return null;
        }

        SipHeader? header = proxy ?? plain;
        return header is null ? null : DigestCredentials.GetParameter(header.Value, parameter);
    }
}
