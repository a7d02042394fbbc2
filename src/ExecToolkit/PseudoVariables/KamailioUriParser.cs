using System;

namespace ExecToolkit.PseudoVariables;

/// <summary>The parts of a URI as Kamailio 5.6's <c>parse_uri()</c> leaves them; a null part was not set.</summary>
internal readonly record struct KamailioUri(string? User, string? Host, string? Port, string? SipParams);

/// <summary>
/// A re-implementation, for the transformations, of the URI state machine of Kamailio 5.6
/// (<c>src/core/parser/parse_uri.c</c>, <c>parse_uri()</c>), with <c>phone2tel</c> on (Kamailio's default).
/// </summary>
/// <remarks>
/// Only what the transformations print is kept: the user, host, port and the original SIP parameters, and whether
/// the text is a URI at all. The recognised parameter names (transport, ttl, maddr, lr, ...) only fill fields that are
/// not printed here, so they are parsed as any other parameter; the <c>user</c> parameter is tracked because
/// <c>user=phone</c> moves the user's own parameters out of the user part.
/// Characters count as Kamailio's bytes: every character that matters is ASCII and any other character is an
/// ordinary one, as a byte of 0x80 or more is for Kamailio.
/// </remarks>
internal static class KamailioUriParser
{
    private const int MaxPort = 65535;

    private enum State
    {
        Init,
        User,
        Password,
        PasswordAlpha,
        Host,
        HostName,
        Host6,
        Host6End,
        Port,
        ParamStart,
        ParamOther,
        ParamU,
        ParamUs,
        ParamUse,
        ParamUser,
        UserParamEquals,
        UserParamValue,
        Headers,
    }

    private enum Scheme
    {
        Sip,
        Sips,
        Tel,
        Urn,
    }

    /// <summary>Parses <paramref name="text"/> as Kamailio's <c>parse_uri()</c> does; false when Kamailio refuses it.</summary>
    public static bool TryParse(string text, out KamailioUri uri)
    {
        uri = default;
        if (text is null || text.Length < 5)
        {
            return false;
        }

        Scheme scheme;
        int p = 4;
        if (SchemeIs(text, 's', 'i', 'p', ':'))
        {
            scheme = Scheme.Sip;
        }
        else if (SchemeIs(text, 's', 'i', 'p', 's'))
        {
            if (text[4] != ':')
            {
                return false;
            }

            scheme = Scheme.Sips;
            p = 5;
        }
        else if (SchemeIs(text, 't', 'e', 'l', ':'))
        {
            scheme = Scheme.Tel;
        }
        else if (SchemeIs(text, 'u', 'r', 'n', ':'))
        {
            scheme = Scheme.Urn;
        }
        else
        {
            return false;
        }

        int start = p;
        int s = p;
        int end = text.Length;
        var user = Span.None;
        var host = Span.None;
        var port = Span.None;
        var parameters = Span.None;
        var userParamValue = Span.None;
        int valueStart = 0;
        int pass = -1;
        int portNumber = 0;
        bool foundUser = false;
        bool errorHeaders = false;
        State state = State.Init;

        for (; p < end; p++)
        {
            char c = text[p];
            switch (state)
            {
                case State.Init:
                    if (c == '[')
                    {
                        state = State.Host6;
                        s = p;
                    }
                    else if (c == ']' || c == ':')
                    {
                        return false;
                    }
                    else
                    {
                        state = State.User;
                    }

                    break;

                case State.User:
                    switch (c)
                    {
                        case '@':
                            if (p - s <= 0)
                            {
                                return false;
                            }

                            user = new Span(s, p - s);
                            state = State.Host;
                            foundUser = true;
                            s = p + 1;
                            break;
                        case ':':
                            user = new Span(s, p - s);
                            state = State.Password;
                            s = p + 1;
                            break;
                        case ';':
                            host = new Span(s, p - s);
                            state = State.ParamStart;
                            s = p + 1;
                            break;
                        case '?':
                            host = new Span(s, p - s);
                            state = State.Headers;
                            s = p + 1;
                            break;
                        case '[':
                        case ']':
                            return false;
                    }

                    break;

                case State.Password:
                    // Digits may still be a port (host:port with no user part).
                    switch (c)
                    {
                        case '@':
                            portNumber = 0;
                            state = State.Host;
                            foundUser = true;
                            s = p + 1;
                            break;
                        case ';':
                        case '?':
                            port = new Span(s, p - s);
                            host = user;
                            user = Span.None;
                            state = c == ';' ? State.ParamStart : State.Headers;
                            foundUser = true;
                            s = p + 1;
                            break;
                        case >= '0' and <= '9':
                            if (!AddPortDigit(ref portNumber, c))
                            {
                                return false;
                            }

                            break;
                        case '[':
                        case ']':
                        case ':':
                            return false;
                        default:
                            portNumber = 0;
                            state = State.PasswordAlpha;
                            break;
                    }

                    break;

                case State.PasswordAlpha:
                    switch (c)
                    {
                        case '@':
                            state = State.Host;
                            foundUser = true;
                            s = p + 1;
                            break;
                        case ';':
                        case '?':
                        case '[':
                        case ']':
                        case ':':
                            return false;
                    }

                    break;

                case State.Host:
                    if (c == '[')
                    {
                        state = State.Host6;
                    }
                    else if (IsAsciiAlphanumeric(c))
                    {
                        state = State.HostName;
                    }
                    else
                    {
                        return false;
                    }

                    break;

                case State.HostName:
                case State.Host6End:
                    switch (c)
                    {
                        case ':':
                        case ';':
                        case '?':
                            host = new Span(s, p - s);
                            state = c == ':' ? State.Port : c == ';' ? State.ParamStart : State.Headers;
                            s = p + 1;
                            break;
                        case '&':
                        case '@':
                            return false;
                        default:
                            if (state == State.Host6End || !(IsAsciiAlphanumeric(c) || c == '.' || c == '-'))
                            {
                                return false;
                            }

                            break;
                    }

                    break;

                case State.Host6:
                    switch (c)
                    {
                        case ']':
                            state = State.Host6End;
                            break;
                        case '[':
                        case '&':
                        case '@':
                        case ';':
                        case '?':
                            return false;
                    }

                    break;

                case State.Port:
                    switch (c)
                    {
                        case ';':
                        case '?':
                            port = new Span(s, p - s);
                            state = c == ';' ? State.ParamStart : State.Headers;
                            s = p + 1;
                            break;
                        case >= '0' and <= '9':
                            if (!AddPortDigit(ref portNumber, c))
                            {
                                return false;
                            }

                            break;
                        default:
                            return false;
                    }

                    break;

                case State.Headers:
                    switch (c)
                    {
                        case '@':
                            if (!StillAtUser())
                            {
                                return false;
                            }

                            break;
                        case ';':
                            if (foundUser)
                            {
                                return false;
                            }

                            errorHeaders = true;
                            if (pass >= 0)
                            {
                                return false;
                            }

                            break;
                        case ':':
                            Colon();
                            break;
                        case '?':
                            if (pass >= 0)
                            {
                                foundUser = true;
                                pass = -1;
                            }

                            break;
                    }

                    break;

                default:
                    // The parameter states: ';' starts the next parameter, '?' the headers, '@' shows that all so far
                    // was the user part, ':' may separate a password; anything else is part of the parameter.
                    switch (c)
                    {
                        case '@':
                            if (!StillAtUser())
                            {
                                return false;
                            }

                            break;
                        case ';':
                            if (state == State.UserParamValue)
                            {
                                userParamValue = new Span(valueStart, p - valueStart);
                            }

                            if (pass >= 0)
                            {
                                foundUser = true;
                                pass = -1;
                            }

                            state = State.ParamStart;
                            break;
                        case '?':
                            if (state == State.UserParamValue)
                            {
                                userParamValue = new Span(valueStart, p - valueStart);
                            }

                            parameters = new Span(s, p - s);
                            state = State.Headers;
                            s = p + 1;
                            if (pass >= 0)
                            {
                                foundUser = true;
                                pass = -1;
                            }

                            break;
                        case ':':
                            Colon();
                            if (state != State.UserParamValue)
                            {
                                state = State.ParamOther;
                            }

                            break;
                        default:
                            if (state == State.UserParamEquals)
                            {
                                valueStart = p;
                            }

                            state = NextParamState(state, c);

                            break;
                    }

                    break;
            }
        }

        switch (state)
        {
            case State.Init:
                return false;
            case State.User:
                if (foundUser)
                {
                    return false;
                }

                host = new Span(s, p - s);
                break;
            case State.Password:
                if (foundUser)
                {
                    return false;
                }

                port = new Span(s, p - s);
                host = user;
                user = Span.None;
                break;
            case State.PasswordAlpha:
                if (scheme != Scheme.Urn)
                {
                    return false;
                }

                host = new Span(s, p - s);
                break;
            case State.HostName:
            case State.Host6End:
                host = new Span(s, p - s);
                break;
            case State.Host:
            case State.Host6:
                return false;
            case State.Port:
                port = new Span(s, p - s);
                break;
            case State.Headers:
                if (errorHeaders)
                {
                    return false;
                }

                break;
            default:
                parameters = new Span(s, p - s);
                if (state == State.UserParamValue)
                {
                    userParamValue = new Span(valueStart, p - valueStart);
                }

                break;
        }

        Span sipParameters = parameters;
        bool hostIsEmptyText = false;
        switch (scheme)
        {
            case Scheme.Sip:
            case Scheme.Sips:
                if (userParamValue.Length == 5 && string.CompareOrdinal(text, userParamValue.Start, "phone", 0, 5) == 0 && user.Start >= 0)
                {
                    // phone2tel: a telephone-subscriber user part keeps only the number.
                    int semicolon = text.IndexOf(';', user.Start, user.Length);
                    if (semicolon >= 0)
                    {
                        user = new Span(user.Start, semicolon - user.Start);
                    }
                }

                break;
            case Scheme.Tel:
                user = host;
                host = Span.None;
                hostIsEmptyText = true;
                break;
        }

        if (port.Length > 5)
        {
            return false;
        }

        if (host.Length > 0 && user.Length <= 0 && host.Start > 0 && (text[host.Start - 1] == '@' || text[host.Start] == '@'))
        {
            return false;
        }

        uri = new KamailioUri(
            user.Text(text),
            hostIsEmptyText ? "" : host.Text(text),
            port.Text(text),
            sipParameters.Text(text));
        return true;

        bool StillAtUser()
        {
            if (foundUser)
            {
                return false;
            }

            if (pass >= 0)
            {
                user = new Span(start, pass - start);
            }
            else
            {
                user = new Span(start, p - start);
            }

            host = Span.None;
            port = Span.None;
            parameters = Span.None;
            userParamValue = Span.None;
            s = p + 1;
            foundUser = true;
            errorHeaders = false;
            state = State.Host;
            return true;
        }

        void Colon()
        {
            if (!foundUser)
            {
                if (pass >= 0)
                {
                    foundUser = true;
                    pass = -1;
                }
                else
                {
                    pass = p;
                }
            }
        }
    }

    private static State NextParamState(State state, char c)
    {
        char lower = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
        return state switch
        {
            State.ParamStart => lower == 'u' ? State.ParamU : State.ParamOther,
            State.ParamU => lower == 's' ? State.ParamUs : State.ParamOther,
            State.ParamUs => lower == 'e' ? State.ParamUse : State.ParamOther,
            State.ParamUse => lower == 'r' ? State.ParamUser : State.ParamOther,
            State.ParamUser => c == '=' ? State.UserParamEquals : State.ParamOther,
            State.UserParamEquals => State.UserParamValue,
            State.UserParamValue => State.UserParamValue,
            _ => State.ParamOther,
        };
    }

    private static bool SchemeIs(string text, char a, char b, char c, char d)
        => (text[0] | 0x20) == a && (text[1] | 0x20) == b && (text[2] | 0x20) == c && (text[3] | 0x20) == d;

    private static bool AddPortDigit(ref int port, char digit)
    {
        port = (port * 10) + (digit - '0');
        return port <= MaxPort;
    }

    private static bool IsAsciiAlphanumeric(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    /// <summary>A part of the parsed text; <see cref="None"/> is a part that was not set (C's null pointer).</summary>
    private readonly record struct Span(int Start, int Length)
    {
        public static Span None => new(-1, 0);

        public string? Text(string text) => Start < 0 ? null : text.Substring(Start, Length);
    }
}
