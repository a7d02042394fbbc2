using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace ExecToolkit.Sip;

/// <summary>
/// Re-implementations, for From/To (NameAddress) and the transformations, of Kamailio 5.6's name-addr and To-body parsers:
/// <c>parse_nameaddr()</c> (<c>src/core/parser/parse_nameaddr.c</c>, with <c>find_not_quoted()</c> of
/// <c>parser_f.h</c>) and <c>parse_to()</c> / <c>parse_addr_spec()</c> (<c>src/core/parser/parse_addr_spec.c</c>), the
/// latter also read, with commas separating addresses or not, for the identity headers (IdentityHeaders).
/// </summary>
internal static class KamailioAddressParser
{
    private enum State
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
        AfterCr,
        AfterLf,
        AfterCrLf,

        // Parameter states.
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

    /// <summary>
    /// parse_nameaddr as used by <c>{nameaddr.*}</c>: the name is everything before the first unquoted '&lt;' (white
    /// space included), the URI what follows it up to the next unquoted '&gt;'. Without a '&lt;' the whole text is the
    /// URI and the name is empty. With a '&lt;' but no '&gt;' it fails.
    /// </summary>
    public static bool TryParseNameAddr(string text, out string name, out string uri)
    {
        name = "";
        uri = text;
        int open = FindNotQuoted(text, 0, text.Length, '<');
        if (open < 0)
        {
            return true;
        }

        name = text[..open];
        int close = FindNotQuoted(text, open + 1, text.Length, '>');
        if (close < 0)
        {
            uri = text[(open + 1)..];
            return false;
        }

        uri = text.Substring(open + 1, close - open - 1);
        return true;
    }

    /// <summary>
    /// The first <paramref name="c"/> in [start, end) outside a double-quoted string, where a quote preceded by a
    /// backslash does not close the string; -1 when there is none.
    /// </summary>
    public static int FindNotQuoted(string text, int start, int end, char c)
    {
        bool quoted = false;
        for (int i = start; i < end; i++)
        {
            char x = text[i];
            if (!quoted)
            {
                if (x == '"')
                {
                    quoted = true;
                }
                else if (x == c)
                {
                    return i;
                }
            }
            else if (x == '"' && text[i - 1] != '\\')
            {
                quoted = false;
            }
        }

        return -1;
    }

    /// <summary>
    /// parse_to on <paramref name="value"/> followed by CRLF, as <c>{tobody.*}</c> does: one address (a quoted or
    /// token display name and a &lt;URI&gt;, or a bare URI ending at white space or ';'), then ';' parameters. A
    /// second address (a ',' outside quotes and angles), a backslash outside a quoted display name, stray characters
    /// or an unfinished part make it fail. The tag is the value of the last parameter named "tag" (null when there is
    /// none or it has no '=').
    /// </summary>
    public static bool TryParseToBody(string value, out string uri, out string? tag)
    {
        if (TryParseTo(value, out ToBody? body))
        {
            uri = body.Uri;
            tag = body.Tag;
            return true;
        }

        uri = "";
        tag = null;
        return false;
    }

    /// <summary>
    /// parse_to on <paramref name="value"/> followed by CRLF (see <see cref="TryParseToBody"/>), with everything
    /// Kamailio keeps of it: the display name as written (quotes included; null when there is none), the URI, the
    /// parameters in order (a value is null without '=', "" when empty, without its quotes when quoted) and the tag.
    /// </summary>
    public static bool TryParseTo(string value, [NotNullWhen(true)] out ToBody? result)
    {
        ArgumentNullException.ThrowIfNull(value);
        string buffer = value + "\r\n";
        ParseAddrSpec(buffer, 0, buffer.Length, allowComma: false, value.Length, out result);
        return result is not null;
    }

    /// <summary>
    /// parse_addr_spec: one address (name-addr or addr-spec with its ';' parameters) in <paramref name="buffer"/> from
    /// <paramref name="start"/>, read until <paramref name="end"/>, a NUL, a line break not followed by white space, or,
    /// when <paramref name="allowComma"/> (P-Asserted-Identity, P-Preferred-Identity, Diversion), a comma outside
    /// quotes and angle brackets; without it (To, Remote-Party-ID, Refer-To) a comma is an ordinary character, but in
    /// the parameters, where it fails the address unless it is part of a tag value. Returns where reading stopped (at
    /// the separating comma, if any); <paramref name="result"/> is null when Kamailio reports the address bad, else
    /// its <see cref="ToBody.Read"/> is that position, capped at <paramref name="readLimit"/>.
    /// </summary>
    internal static int ParseAddrSpec(string buffer, int start, int end, bool allowComma, int readLimit, out ToBody? result)
    {
        result = null;
        string? tag = null;
        var parameters = new List<KeyValuePair<string, string?>>();
        int uriStart = -1;
        int uriLength = 0;
        int displayStart = -1;
        int displayLength = 0;
        int foo = 0;
        State status = State.Start;
        State saved = State.Start;
        int i;
        for (i = start; i < end; i++)
        {
            char c = buffer[i];
            switch (c)
            {
                case ' ':
                case '\t':
                    switch (status)
                    {
                        case State.AfterCrLf:
                        case State.AfterLf:
                        case State.AfterCr:
                            status = saved;
                            break;
                        case State.UriEnclosed:
                            uriLength = i - uriStart;
                            status = State.UriEnclosedEnd;
                            break;
                        case State.UriOrToken:
                            foo = i;
                            status = State.MaybeUriEnd;
                            break;
                        case State.DisplayToken:
                            foo = i;
                            status = State.DisplayTokenSpace;
                            break;
                    }

                    break;

                case '\n':
                case '\r':
                    switch (status)
                    {
                        case State.UriOrToken:
                        case State.MaybeUriEnd:
                        case State.DisplayTokenSpace:
                        case State.DisplayQuotedEnd:
                        case State.End:
                            if (status == State.UriOrToken)
                            {
                                foo = i;
                                status = State.MaybeUriEnd;
                            }

                            saved = status;
                            status = c == '\n' ? State.AfterLf : State.AfterCr;
                            break;
                        case State.DisplayToken:
                            foo = i;
                            saved = State.DisplayTokenSpace;
                            status = c == '\n' ? State.AfterLf : State.AfterCr;
                            break;
                        case State.AfterCr when c == '\n':
                            status = State.AfterCrLf;
                            break;
                        case State.AfterCrLf:
                        case State.AfterLf:
                        case State.AfterCr:
                            status = saved;
                            goto EndOfHeader;
                        default:
                            return i;
                    }

                    break;

                case '\0':
                    switch (status)
                    {
                        case State.UriOrToken:
                        case State.MaybeUriEnd:
                            uriLength = i - uriStart;
                            saved = status = State.End;
                            goto EndOfHeader;
                        case State.End:
                            saved = status = State.End;
                            goto EndOfHeader;
                        default:
                            return i;
                    }

                case '\\':
                    if (status != State.DisplayQuoted)
                    {
                        return i;
                    }

                    i++;
                    break;

                case '<':
                    switch (status)
                    {
                        case State.Start:
                            status = State.UriEnclosedStart;
                            break;
                        case State.DisplayQuoted:
                            break;
                        case State.DisplayQuotedEnd:
                            status = State.UriEnclosedStart;
                            break;
                        case State.UriOrToken:
                        case State.DisplayToken:
                            displayLength = i - displayStart;
                            status = State.UriEnclosedStart;
                            break;
                        case State.DisplayTokenSpace:
                        case State.MaybeUriEnd:
                            displayLength = foo - displayStart;
                            status = State.UriEnclosedStart;
                            break;
                        case State.AfterCrLf:
                        case State.AfterLf:
                        case State.AfterCr:
                            goto EndOfHeader;
                        default:
                            return i;
                    }

                    break;

                case '>':
                    switch (status)
                    {
                        case State.DisplayQuoted:
                            break;
                        case State.UriEnclosed:
                            uriLength = i - uriStart;
                            status = State.End;
                            break;
                        case State.UriEnclosedEnd:
                            status = State.End;
                            break;
                        case State.AfterCrLf:
                        case State.AfterLf:
                        case State.AfterCr:
                            goto EndOfHeader;
                        default:
                            return i;
                    }

                    break;

                case '"':
                    switch (status)
                    {
                        case State.Start:
                            displayStart = i;
                            status = State.DisplayQuoted;
                            break;
                        case State.DisplayQuoted:
                            displayLength = i - displayStart + 1;
                            status = State.DisplayQuotedEnd;
                            break;
                        case State.AfterCrLf:
                        case State.AfterLf:
                        case State.AfterCr:
                            goto EndOfHeader;
                        default:
                            return i;
                    }

                    break;

                case ';':
                case ',' when allowComma:
                    // The parameters, or (a comma) the end of the address.
                    switch (status)
                    {
                        case State.DisplayQuoted:
                        case State.UriEnclosed:
                            break;
                        case State.UriOrToken:
                        case State.MaybeUriEnd:
                        case State.End:
                            if (status == State.UriOrToken)
                            {
                                foo = i;
                            }

                            if (status != State.End)
                            {
                                uriLength = foo - uriStart;
                            }

                            saved = c == ',' ? State.End : ParseParameters(buffer, ref i, end, allowComma, parameters, ref tag);
                            goto EndOfHeader;
                        case State.AfterCrLf:
                        case State.AfterLf:
                        case State.AfterCr:
                            goto EndOfHeader;
                        default:
                            return i;
                    }

                    break;

                default:
                    // Every other character, ',' included when commas do not separate addresses.
                    switch (status)
                    {
                        case State.Start:
                            uriStart = i;
                            displayStart = i;
                            status = State.UriOrToken;
                            break;
                        case State.UriEnclosedStart:
                            uriStart = i;
                            status = State.UriEnclosed;
                            break;
                        case State.MaybeUriEnd:
                        case State.DisplayTokenSpace:
                            status = State.DisplayToken;
                            break;
                        case State.DisplayQuoted:
                        case State.DisplayToken:
                        case State.UriEnclosed:
                        case State.UriOrToken:
                            break;
                        case State.AfterCrLf:
                        case State.AfterLf:
                        case State.AfterCr:
                            goto EndOfHeader;
                        default:
                            return i;
                    }

                    break;
            }
        }

        if (status is State.UriOrToken or State.MaybeUriEnd or State.End)
        {
            saved = status;
            foo = end;
        }

    EndOfHeader:
        switch (saved)
        {
            case State.UriOrToken:
            case State.MaybeUriEnd:
                uriLength = foo - uriStart;
                break;
            case State.End:
            case State.ParamValueEnd:
                break;
            default:
                return i;
        }

        if (uriStart < 0)
        {
            return i;
        }

        string? display = displayLength > 0 ? buffer.Substring(displayStart, displayLength) : null;
        // A URI whose end was marked before its start (a folded line inside an unclosed address, read up to the end of
        // the buffer) reads as empty.
        string uri = uriLength <= 0 ? "" : buffer.Substring(uriStart, uriLength);
        result = new ToBody(display, uri, parameters, tag, Math.Min(i, readLimit));
        return i;
    }

    /// <summary>
    /// parse_to_param from the ';' at <paramref name="i"/>: returns <see cref="State.ParamValueEnd"/> when the
    /// parameters parse, another state when they do not. Leaves <paramref name="i"/> where parsing stopped (when
    /// <paramref name="allowComma"/>, at a comma that ends the address).
    /// </summary>
    private static State ParseParameters(string buffer, ref int i, int end, bool allowComma, List<KeyValuePair<string, string?>> parameters, ref string? tag)
    {
        State status = State.ParamValueEnd;
        State saved = State.ParamValueEnd;
        bool open = false;
        int nameStart = 0;
        int nameLength = 0;
        int valueStart = -1;
        int valueLength = 0;
        bool isTag = false;

        for (; i < end; i++)
        {
            char c = buffer[i];
            switch (c)
            {
                case ' ':
                case '\t':
                    switch (status)
                    {
                        case State.Tag3:
                        case State.ParamName:
                        case State.Tag1:
                        case State.Tag2:
                            isTag |= status == State.Tag3;
                            nameLength = status == State.ParamEquals ? nameLength : i - nameStart;
                            status = State.ParamEquals;
                            break;
                        case State.ParamValueToken:
                            valueLength = i - valueStart;
                            status = State.ParamValueEnd;
                            Add(ref tag);
                            break;
                        case State.AfterCrLf:
                        case State.AfterLf:
                        case State.AfterCr:
                            status = saved;
                            break;
                    }

                    break;

                case '\n':
                case '\r':
                    switch (status)
                    {
                        case State.ParamNameStart:
                        case State.ParamEquals:
                        case State.ParamValueStart:
                        case State.ParamValueEnd:
                            saved = status;
                            status = c == '\n' ? State.AfterLf : State.AfterCr;
                            break;
                        case State.Tag3:
                        case State.ParamName:
                        case State.Tag1:
                        case State.Tag2:
                            isTag |= status == State.Tag3;
                            nameLength = status == State.ParamEquals ? nameLength : i - nameStart;
                            saved = State.ParamEquals;
                            status = c == '\n' ? State.AfterLf : State.AfterCr;
                            break;
                        case State.ParamValueToken:
                            valueLength = i - valueStart;
                            saved = State.ParamValueEnd;
                            status = c == '\n' ? State.AfterLf : State.AfterCr;
                            Add(ref tag);
                            break;
                        case State.AfterCr when c == '\n':
                            status = State.AfterCrLf;
                            break;
                        case State.AfterCrLf:
                        case State.AfterLf:
                        case State.AfterCr:
                            status = saved;
                            goto EndOfHeader;
                        default:
                            return State.Error;
                    }

                    break;

                case '\0':
                case ',' when allowComma && status != State.ParamValueQuoted:
                    // The end of the header, or (a comma) of the address.
                    switch (status)
                    {
                        case State.Tag3:
                        case State.ParamName:
                        case State.Tag1:
                        case State.Tag2:
                            isTag |= status == State.Tag3;
                            nameLength = status == State.ParamEquals ? nameLength : i - nameStart;
                            saved = status = State.ParamEquals;
                            goto EndOfHeader;
                        case State.ParamEquals:
                        case State.ParamValueStart:
                            saved = status;
                            goto EndOfHeader;
                        case State.ParamValueToken:
                            valueLength = i - valueStart;
                            Add(ref tag);
                            saved = status = State.ParamValueEnd;
                            goto EndOfHeader;
                        case State.ParamValueEnd:
                            saved = status;
                            goto EndOfHeader;
                        case State.AfterCrLf when c == ',':
                        case State.AfterLf when c == ',':
                        case State.AfterCr when c == ',':
                            goto EndOfHeader;
                        default:
                            return State.Error;
                    }

                case '\\':
                    // Kamailio 5.6 refuses a backslash anywhere in the parameters, even in a quoted value.
                    return State.Error;

                case '"':
                    switch (status)
                    {
                        case State.ParamValueStart:
                            if (i + 1 >= end)
                            {
                                return State.Error;
                            }

                            valueStart = i + 1;
                            status = State.ParamValueQuoted;
                            break;
                        case State.ParamValueQuoted:
                            valueLength = i - valueStart;
                            Add(ref tag);
                            status = State.ParamValueEnd;
                            break;
                        case State.AfterCrLf:
                        case State.AfterLf:
                        case State.AfterCr:
                            goto EndOfHeader;
                        default:
                            return State.Error;
                    }

                    break;

                case ';':
                    switch (status)
                    {
                        case State.ParamValueQuoted:
                            break;
                        case State.Tag3:
                        case State.ParamName:
                        case State.Tag1:
                        case State.Tag2:
                        case State.ParamEquals:
                            isTag |= status == State.Tag3;
                            nameLength = status == State.ParamEquals ? nameLength : i - nameStart;
                            valueStart = -1;
                            valueLength = 0;
                            Add(ref tag);
                            Begin(i);
                            break;
                        case State.ParamValueStart:
                        case State.ParamValueToken:
                            if (status == State.ParamValueStart)
                            {
                                valueStart = i;
                            }

                            valueLength = i - valueStart;
                            Add(ref tag);
                            Begin(i);
                            break;
                        case State.ParamValueEnd:
                            Begin(i);
                            break;
                        case State.AfterCrLf:
                        case State.AfterLf:
                        case State.AfterCr:
                            goto EndOfHeader;
                        default:
                            return State.Error;
                    }

                    break;

                case '=':
                    switch (status)
                    {
                        case State.ParamValueQuoted:
                            break;
                        case State.Tag3:
                        case State.ParamName:
                        case State.Tag1:
                        case State.Tag2:
                        case State.ParamEquals:
                            isTag |= status == State.Tag3;
                            nameLength = status == State.ParamEquals ? nameLength : i - nameStart;
                            status = State.ParamValueStart;
                            break;
                        case State.AfterCrLf:
                        case State.AfterLf:
                        case State.AfterCr:
                            goto EndOfHeader;
                        default:
                            return State.Error;
                    }

                    break;

                case ',':
                    if (status == State.ParamValueQuoted)
                    {
                        break;
                    }

                    if ((status == State.ParamValueStart || status == State.ParamValueToken) && isTag)
                    {
                        // Some user agents put commas in tags: part of the value.
                        break;
                    }

                    return State.Error;

                default:
                    char lower = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
                    switch (status)
                    {
                        case State.ParamValueQuoted:
                        case State.ParamValueToken:
                        case State.ParamName:
                            break;
                        case State.ParamNameStart:
                            nameStart = i;
                            status = lower == 't' ? State.Tag1 : State.ParamName;
                            break;
                        case State.ParamValueStart:
                            valueStart = i;
                            status = State.ParamValueToken;
                            break;
                        case State.Tag1:
                            status = lower == 'a' ? State.Tag2 : State.ParamName;
                            break;
                        case State.Tag2:
                            status = lower == 'g' ? State.Tag3 : State.ParamName;
                            break;
                        case State.Tag3:
                            status = State.ParamName;
                            break;
                        case State.AfterCrLf:
                        case State.AfterLf:
                        case State.AfterCr:
                            goto EndOfHeader;
                        default:
                            return State.Error;
                    }

                    break;
            }
        }

        if (status is not (State.AfterCr or State.AfterLf or State.AfterCrLf))
        {
            saved = status;
        }

    EndOfHeader:
        switch (saved)
        {
            case State.Tag3:
            case State.ParamName:
            case State.Tag1:
            case State.Tag2:
            case State.ParamEquals:
                isTag |= saved == State.Tag3;
                nameLength = saved == State.ParamEquals ? nameLength : i - nameStart;
                valueStart = -1;
                valueLength = 0;
                Add(ref tag);
                return State.ParamValueEnd;
            case State.ParamValueStart:
                valueStart = i;
                valueLength = 0;
                Add(ref tag);
                return State.ParamValueEnd;
            case State.ParamValueToken:
                valueLength = i - valueStart;
                Add(ref tag);
                return State.ParamValueEnd;
            case State.ParamValueEnd:
                return State.ParamValueEnd;
            default:
                return State.Error;
        }

        void Begin(int at)
        {
            open = true;
            nameStart = at + 1;
            nameLength = 0;
            isTag = false;
            valueStart = -1;
            valueLength = 0;
            status = State.ParamNameStart;
        }

        void Add(ref string? tagValue)
        {
            if (open)
            {
                string? paramValue = valueStart < 0 ? null : buffer.Substring(valueStart, valueLength);
                parameters.Add(new KeyValuePair<string, string?>(buffer.Substring(nameStart, nameLength), paramValue));
                if (isTag)
                {
                    tagValue = paramValue;
                }
            }

            open = false;
        }
    }
}

/// <summary>What <see cref="KamailioAddressParser.TryParseTo"/> keeps of a To-style body.</summary>
/// <param name="Display">The display name as written (quotes included), or null when there is none.</param>
/// <param name="Uri">The URI.</param>
/// <param name="Parameters">The header parameters in order.</param>
/// <param name="Tag">The value of the last <c>tag</c> parameter; null when there is none or it has no '='.</param>
/// <param name="Read">
/// How much of the value parse_to read: less than its length when a NUL, or a CR or LF followed by something else
/// than white space, ended the header before the end (Kamailio then reads what follows as the next header).
/// </param>
internal sealed record ToBody(string? Display, string Uri, IReadOnlyList<KeyValuePair<string, string?>> Parameters, string? Tag, int Read);
