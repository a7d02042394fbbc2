using System.Collections.Generic;
using ExecToolkit.Sip;

namespace ExecToolkit.PseudoVariables;

/// <summary>
/// The identity headers as Kamailio 5.6 reads them for <c>$ai</c>, <c>$pu $pU $pd $pn</c>, <c>$di</c>, <c>$re</c>
/// and <c>$rt</c> (rules of <c>parse_addr_spec.c</c>, <c>parse_ppi_pai.c</c>, <c>parse_diversion.c</c>,
/// <c>parse_rpid.c</c> and <c>parse_refer_to.c</c>; checked against Kamailio 5.6.3):
/// <list type="bullet">
/// <item>P-Asserted-Identity: every header, each a list of up to 10 addresses separated by commas (a comma may be
/// followed by white space and one folded line break); identities past the 10th of a header are ignored. A header
/// that does not parse fails the whole variable.</item>
/// <item>P-Preferred-Identity: the same, but only the first two headers are read.</item>
/// <item>Diversion: the first address of the first header, where a comma ends the address.</item>
/// <item>Remote-Party-ID and Refer-To: the first header as one address (To rule): a comma is an ordinary character
/// there, so a list usually fails, or reads as a display name followed by the next &lt;URI&gt;.</item>
/// </list>
/// P-Asserted-Identity and P-Preferred-Identity bodies are read without the line end that follows them (a bare URI then
/// keeps trailing white space), the other three with it.
/// </summary>
/// <remarks>
/// When a later P-Asserted-Identity header (or the second P-Preferred-Identity header) fails, Kamailio's first read of
/// the variable is null, but it keeps what it parsed on the message, so later reads of the same message see the headers
/// before the failing one. Here every read gives the first read's answer, null (docs/divergences.md): a value must not
/// depend on what the route printed before.
/// </remarks>
internal static class IdentityHeaders
{
    private const int MaxBodies = 10;

    /// <summary>The P-Asserted-Identity identities in order; null when Kamailio prints null for <c>$ai</c>.</summary>
    public static List<Identity>? Asserted(RequestContext c) => IdentityList(c, HeaderType.PAssertedIdentity, int.MaxValue, pai: true);

    /// <summary>The P-Preferred-Identity identities (first two headers); null when Kamailio prints null.</summary>
    public static List<Identity>? Preferred(RequestContext c) => IdentityList(c, HeaderType.PPreferredIdentity, 2, pai: false);

    /// <summary>The first address of the first Diversion header; null when there is none or it does not parse.</summary>
    public static Identity? Diversion(RequestContext c) => Single(c, HeaderType.Diversion, allowComma: true);

    /// <summary>The first Remote-Party-ID header read by the To rule; null when there is none or it does not parse.</summary>
    public static Identity? RemotePartyId(RequestContext c) => Single(c, HeaderType.RemotePartyId, allowComma: false);

    /// <summary>The first Refer-To header read by the To rule; null when there is none or it does not parse.</summary>
    public static Identity? ReferTo(RequestContext c) => Single(c, HeaderType.ReferTo, allowComma: false);

    private static Identity? Single(RequestContext c, HeaderType type, bool allowComma)
    {
        SipHeader? header = c.Request.GetHeader(type);
        if (header is null)
        {
            return null;
        }

        // The body is read together with the character after it, the CR of its line end.
        string buffer = header.Value + "\r";
        ParseAddress(buffer, 0, buffer.Length, allowComma, out Identity? identity);
        return identity;
    }

    private static List<Identity>? IdentityList(RequestContext c, HeaderType type, int maxHeaders, bool pai)
    {
        var all = new List<SipHeader>(c.Request.GetHeaders(type));
        if (all.Count == 0)
        {
            return null;
        }

        var identities = new List<Identity>();
        int parsed = 0;
        int firstHeaderIdentities = 0;
        bool failed = false;
        foreach (SipHeader header in all)
        {
            if (parsed == maxHeaders)
            {
                break;
            }

            List<Identity>? body = ParseIdentityBody(header.Value);
            if (body is null)
            {
                failed = true;
                break;
            }

            identities.AddRange(body);
            firstHeaderIdentities = parsed == 0 ? body.Count : firstHeaderIdentities;
            parsed++;
        }

        // After each header it reads, Kamailio looks for the next one; when that search reaches a bad header line (the
        // error that ended a lenient parse) the read fails, with the headers read so far kept. P-Preferred-Identity
        // stops searching at a third header, and does not keep the second header when the search after it fails.
        if (!failed && c.Request.HeaderError is not null && (pai || all.Count <= maxHeaders))
        {
            failed = true;
            if (!pai)
            {
                identities.RemoveRange(firstHeaderIdentities, identities.Count - firstHeaderIdentities);
            }
        }

        return failed ? null : identities;
    }

    /// <summary>One P-Asserted-Identity / P-Preferred-Identity body: up to 10 addresses; null when it does not parse.</summary>
    private static List<Identity>? ParseIdentityBody(string body)
    {
        var result = new List<Identity>();
        int end = body.Length;
        int p = ParseAddress(body, 0, end, allowComma: true, out Identity? identity);
        if (identity is null)
        {
            return null;
        }

        result.Add(identity);
        while (p < end && body[p] == ',' && result.Count < MaxBodies)
        {
            p++;
            while (p < end && (body[p] == ' ' || body[p] == '\t'))
            {
                p++;
            }

            if (p >= end)
            {
                return null; // nothing after the comma
            }

            // One folded line break after the comma: it must be followed by white space, which is skipped once.
            int fold = body[p] == '\n' && p < end - 1 ? 1 : body[p] == '\r' && p < end - 2 && body[p + 1] == '\n' ? 2 : 0;
            if (fold > 0)
            {
                p += fold;
                if (body[p] != ' ' && body[p] != '\t')
                {
                    return null;
                }

                p++;
            }

            p = ParseAddress(body, p, end, allowComma: true, out identity);
            if (identity is null)
            {
                return null;
            }

            result.Add(identity);
        }

        return result;
    }

    /// <summary>
    /// One address (parse_addr_spec, <see cref="KamailioAddressParser.ParseAddrSpec"/>) from <paramref name="start"/>,
    /// read until <paramref name="end"/>, a comma when <paramref name="allowComma"/> (outside quotes and angle
    /// brackets), or a line break not followed by white space. Returns where reading stopped; <paramref name="identity"/>
    /// is null when Kamailio reports the address bad.
    /// </summary>
    private static int ParseAddress(string b, int start, int end, bool allowComma, out Identity? identity)
    {
        int stop = KamailioAddressParser.ParseAddrSpec(b, start, end, allowComma, end, out ToBody? body);
        identity = body is null ? null : new Identity(body.Display, body.Uri);
        return stop;
    }

    /// <summary>One identity: the display name as written (quotes included; null when there is none) and the URI.</summary>
    internal sealed record Identity(string? Display, string Uri);
}
