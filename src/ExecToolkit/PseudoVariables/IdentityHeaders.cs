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

    private enum S
    {
        Start,
        DisplayQuoted,
        DisplayQuotedEnd,
        DisplayToken,
        DisplayTokenSpace,
        UriEnclosedStart,
        UriEnclosed,
        UriEnclosedEnd,
        UriOrToken,
        MaybeUriEnd,
        End,
        Cr,
        Lf,
        CrLf,
        ParamNameStart,
        ParamName,
        ParamEquals,
        ParamValueStart,
        Tag1,
        Tag2,
        Tag3,
        ParamValueToken,
        ParamValueQuoted,
        ParamValueEnd,
        Error,
    }

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
    /// One address (name-addr or addr-spec with header parameters) from <paramref name="start"/>, read until
    /// <paramref name="end"/>, a comma when <paramref name="allowComma"/> (outside quotes and angle brackets), or a line
    /// break not followed by white space. Returns where reading stopped; <paramref name="identity"/> is null when
    /// Kamailio reports the address bad.
    /// </summary>
    private static int ParseAddress(string b, int start, int end, bool allowComma, out Identity? identity)
    {
        identity = null;
        S status = S.Start;
        S saved = S.Start;
        int displayStart = -1;
        int displayLength = 0;
        int uriStart = -1;
        int uriLength = 0;
        int mark = 0;
        int i;
        for (i = start; i < end; i++)
        {
            char ch = b[i];
            bool afterBreak = status is S.Cr or S.Lf or S.CrLf;
            switch (ch)
            {
                case ' ':
                case '\t':
                    if (afterBreak)
                    {
                        status = saved;
                    }
                    else if (status == S.UriEnclosed)
                    {
                        uriLength = i - uriStart;
                        status = S.UriEnclosedEnd;
                    }
                    else if (status == S.UriOrToken)
                    {
                        mark = i;
                        status = S.MaybeUriEnd;
                    }
                    else if (status == S.DisplayToken)
                    {
                        mark = i;
                        status = S.DisplayTokenSpace;
                    }

                    continue;

                case '\r':
                case '\n':
                    if (status is S.UriOrToken or S.MaybeUriEnd or S.DisplayTokenSpace or S.DisplayQuotedEnd or S.End)
                    {
                        if (status == S.UriOrToken)
                        {
                            mark = i;
                            status = S.MaybeUriEnd;
                        }

                        saved = status;
                        status = ch == '\n' ? S.Lf : S.Cr;
                    }
                    else if (status == S.DisplayToken)
                    {
                        mark = i;
                        saved = S.DisplayTokenSpace;
                        status = ch == '\n' ? S.Lf : S.Cr;
                    }
                    else if (status == S.Cr && ch == '\n')
                    {
                        status = S.CrLf;
                    }
                    else if (afterBreak)
                    {
                        status = saved;
                        return Finish(ref identity);
                    }
                    else
                    {
                        return Fail(i);
                    }

                    continue;

                case '\0':
                    if (status is S.UriOrToken or S.MaybeUriEnd)
                    {
                        uriLength = i - uriStart;
                    }
                    else if (status != S.End)
                    {
                        return Fail(i);
                    }

                    status = saved = S.End;
                    return Finish(ref identity);
            }

            if (ch == '\\')
            {
                if (status != S.DisplayQuoted)
                {
                    return Fail(i); // a backslash is an error everywhere else, after a line break too
                }

                i++; // the escaped character
                continue;
            }

            if (afterBreak)
            {
                return Finish(ref identity); // a line break not followed by white space ends the header
            }

            switch (ch)
            {

                case '<':
                    switch (status)
                    {
                        case S.Start:
                            status = S.UriEnclosedStart;
                            break;
                        case S.DisplayQuoted:
                            break;
                        case S.DisplayQuotedEnd:
                            status = S.UriEnclosedStart;
                            break;
                        case S.UriOrToken:
                        case S.DisplayToken:
                            displayLength = i - displayStart;
                            status = S.UriEnclosedStart;
                            break;
                        case S.DisplayTokenSpace:
                        case S.MaybeUriEnd:
                            displayLength = mark - displayStart;
                            status = S.UriEnclosedStart;
                            break;
                        default:
                            return Fail(i);
                    }

                    break;

                case '>':
                    switch (status)
                    {
                        case S.DisplayQuoted:
                            break;
                        case S.UriEnclosed:
                            uriLength = i - uriStart;
                            status = S.End;
                            break;
                        case S.UriEnclosedEnd:
                            status = S.End;
                            break;
                        default:
                            return Fail(i);
                    }

                    break;

                case '"':
                    if (status == S.Start)
                    {
                        displayStart = i;
                        status = S.DisplayQuoted;
                    }
                    else if (status == S.DisplayQuoted)
                    {
                        displayLength = i - displayStart + 1;
                        status = S.DisplayQuotedEnd;
                    }
                    else
                    {
                        return Fail(i);
                    }

                    break;

                case ';':
                    switch (status)
                    {
                        case S.DisplayQuoted:
                        case S.UriEnclosed:
                            break;
                        case S.UriOrToken:
                        case S.MaybeUriEnd:
                        case S.End:
                            if (status != S.End)
                            {
                                uriLength = (status == S.UriOrToken ? i : mark) - uriStart;
                            }

                            i = ParseParameters(b, i, end, allowComma, out saved);
                            status = saved;
                            return saved == S.Error ? Fail(i) : Finish(ref identity);
                        default:
                            return Fail(i);
                    }

                    break;

                case ',' when allowComma:
                    switch (status)
                    {
                        case S.DisplayQuoted:
                        case S.UriEnclosed:
                            break;
                        case S.UriOrToken:
                        case S.MaybeUriEnd:
                        case S.End:
                            if (status != S.End)
                            {
                                uriLength = (status == S.UriOrToken ? i : mark) - uriStart;
                            }

                            status = saved = S.End;
                            return Finish(ref identity);
                        default:
                            return Fail(i);
                    }

                    break;

                default:
                    switch (status)
                    {
                        case S.Start:
                            uriStart = i;
                            displayStart = i;
                            status = S.UriOrToken;
                            break;
                        case S.UriEnclosedStart:
                            uriStart = i;
                            status = S.UriEnclosed;
                            break;
                        case S.MaybeUriEnd:
                        case S.DisplayTokenSpace:
                            status = S.DisplayToken;
                            break;
                        case S.DisplayQuoted:
                        case S.DisplayToken:
                        case S.UriEnclosed:
                        case S.UriOrToken:
                            break;
                        default:
                            return Fail(i);
                    }

                    break;
            }
        }

        // The end of the buffer: a bare URI runs up to it (its trailing white space included).
        if (status is S.UriOrToken or S.MaybeUriEnd or S.End)
        {
            saved = status;
            mark = i;
        }

        return Finish(ref identity);

        int Fail(int at)
        {
            return at;
        }

        int Finish(ref Identity? result)
        {
            switch (saved)
            {
                case S.UriOrToken:
                case S.MaybeUriEnd:
                    uriLength = mark - uriStart;
                    break;
                case S.End:
                case S.ParamValueEnd:
                    break;
                default:
                    return i;
            }

            // A URI whose end was marked before its start (a folded line inside an unclosed address) reads as empty.
            string uri = uriStart < 0 || uriLength <= 0 ? "" : b.Substring(uriStart, uriLength);
            string? display = displayLength > 0 ? b.Substring(displayStart, displayLength) : null;
            result = new Identity(display, uri);
            return i;
        }
    }

    /// <summary>
    /// The ';' parameters after an address, from the ';' at <paramref name="start"/>. Returns where reading stopped
    /// (the end, a separating comma, or a line break not followed by white space); <paramref name="status"/> is
    /// <see cref="S.ParamValueEnd"/> when they parse, else <see cref="S.Error"/>.
    /// </summary>
    private static int ParseParameters(string b, int start, int end, bool allowComma, out S status)
    {
        S st = S.ParamValueEnd;
        S saved = S.ParamValueEnd;
        bool tag = false;
        int i;
        for (i = start; i < end; i++)
        {
            char ch = b[i];
            bool afterBreak = st is S.Cr or S.Lf or S.CrLf;
            if (st == S.Tag3 && ch is ' ' or '\t' or '\r' or '\n' or '\0' or ';' or ',' or '=')
            {
                tag = true;
            }

            switch (ch)
            {
                case ' ':
                case '\t':
                    if (afterBreak)
                    {
                        st = saved;
                    }
                    else if (st is S.ParamName or S.Tag1 or S.Tag2 or S.Tag3)
                    {
                        st = S.ParamEquals;
                    }
                    else if (st == S.ParamValueToken)
                    {
                        st = S.ParamValueEnd;
                    }

                    continue;

                case '\n':
                case '\r':
                    if (st is S.ParamNameStart or S.ParamEquals or S.ParamValueStart or S.ParamValueEnd)
                    {
                        saved = st;
                    }
                    else if (st is S.ParamName or S.Tag1 or S.Tag2 or S.Tag3)
                    {
                        saved = S.ParamEquals;
                    }
                    else if (st == S.ParamValueToken)
                    {
                        saved = S.ParamValueEnd;
                    }
                    else if (st == S.Cr && ch == '\n')
                    {
                        st = S.CrLf;
                        continue;
                    }
                    else if (afterBreak)
                    {
                        st = saved;
                        return Done(out status);
                    }
                    else
                    {
                        status = S.Error;
                        return i;
                    }

                    st = ch == '\n' ? S.Lf : S.Cr;
                    continue;

                case '\0':
                    if (st is S.ParamName or S.Tag1 or S.Tag2 or S.Tag3 or S.ParamEquals or S.ParamValueStart)
                    {
                        saved = st is S.ParamValueStart ? st : S.ParamEquals;
                        return Done(out status);
                    }

                    if (st is S.ParamValueToken or S.ParamValueEnd)
                    {
                        saved = S.ParamValueEnd;
                        return Done(out status);
                    }

                    status = S.Error;
                    return i;
            }

            // A backslash is always an error; so is a comma that does not separate addresses, but in a tag value.
            if (ch == '\\' || (ch == ',' && !allowComma && !(st is S.ParamValueStart or S.ParamValueToken && tag)))
            {
                if (st == S.ParamValueQuoted && ch == ',')
                {
                    continue;
                }

                status = S.Error;
                return i;
            }

            if (afterBreak)
            {
                return Done(out status);
            }

            if (st == S.ParamValueQuoted)
            {
                if (ch == '"')
                {
                    st = S.ParamValueEnd;
                }

                continue;
            }

            switch (ch)
            {
                case ',':
                    if (allowComma)
                    {
                        if (st is S.ParamNameStart or S.ParamEquals or S.ParamValueStart or S.ParamValueEnd)
                        {
                            saved = st;
                        }
                        else if (st is S.ParamName or S.Tag1 or S.Tag2 or S.Tag3)
                        {
                            saved = S.ParamEquals;
                        }
                        else if (st == S.ParamValueToken)
                        {
                            saved = S.ParamValueEnd;
                        }
                        else
                        {
                            status = S.Error;
                            return i;
                        }

                        return Done(out status);
                    }

                    break; // part of a tag value (checked above)

                case '"':
                    if (st == S.ParamValueStart && i + 1 < end)
                    {
                        st = S.ParamValueQuoted;
                        break;
                    }

                    status = S.Error;
                    return i;

                case ';':
                    if (st is S.ParamName or S.Tag1 or S.Tag2 or S.Tag3 or S.ParamEquals or S.ParamValueStart
                        or S.ParamValueToken or S.ParamValueEnd)
                    {
                        st = S.ParamNameStart;
                        tag = false;
                        break;
                    }

                    status = S.Error;
                    return i;

                case '=':
                    if (st is S.ParamName or S.Tag1 or S.Tag2 or S.Tag3 or S.ParamEquals)
                    {
                        st = S.ParamValueStart;
                        break;
                    }

                    status = S.Error;
                    return i;

                default:
                    char lower = char.ToLowerInvariant(ch);
                    switch (st)
                    {
                        case S.ParamNameStart:
                            st = lower == 't' ? S.Tag1 : S.ParamName;
                            break;
                        case S.Tag1:
                            st = lower == 'a' ? S.Tag2 : S.ParamName;
                            break;
                        case S.Tag2:
                            st = lower == 'g' ? S.Tag3 : S.ParamName;
                            break;
                        case S.Tag3:
                            st = S.ParamName;
                            break;
                        case S.ParamValueStart:
                            st = S.ParamValueToken;
                            break;
                        case S.ParamName:
                        case S.ParamValueToken:
                            break;
                        default:
                            status = S.Error;
                            return i;
                    }

                    break;
            }
        }

        if (st is not (S.Cr or S.Lf or S.CrLf))
        {
            saved = st;
        }

        return Done(out status);

        int Done(out S result)
        {
            // A parameter still open at the end is complete (with or without its value); a name still to come, or an
            // unclosed quoted value, is an error.
            result = saved is S.ParamNameStart or S.ParamValueQuoted ? S.Error : S.ParamValueEnd;
            return i;
        }
    }

    /// <summary>One identity: the display name as written (quotes included; null when there is none) and the URI.</summary>
    internal sealed record Identity(string? Display, string Uri);
}
