using System;
using System.Collections.Generic;
using System.Globalization;

namespace ExecToolkit.Sip;

/// <summary>One via of a Via header: <c>SIP/2.0/UDP host[:port];branch=...;received=...</c>.</summary>
public sealed class ViaHeader
{
    private ViaHeader(string protocol, string transport, string host, string? port, IReadOnlyList<KeyValuePair<string, string?>> parameters)
    {
        Protocol = protocol;
        Transport = transport;
        Host = host;
        Port = port;
        Parameters = parameters;
    }

    /// <summary><c>SIP/2.0/UDP</c>, without inner whitespace.</summary>
    public string Protocol { get; }

    /// <summary>The transport, as written (<c>UDP</c>).</summary>
    public string Transport { get; }

    /// <summary>The sent-by host; IPv6 references keep their brackets.</summary>
    public string Host { get; }

    /// <summary>The sent-by port as written, or null.</summary>
    public string? Port { get; }

    /// <summary>The port as a number, or null.</summary>
    public int? PortNumber => Port is null ? null : int.Parse(Port, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Parameters in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; }

    /// <summary>
    /// The <c>branch</c> parameter as Kamailio's Via parser keeps it: the last one when it is repeated, without the
    /// quotes of a quoted value; null when absent.
    /// </summary>
    public string? Branch
    {
        get
        {
            string? branch = null;
            foreach (KeyValuePair<string, string?> p in Parameters)
            {
                if (p.Key.Equals("branch", StringComparison.OrdinalIgnoreCase))
                {
                    branch = p.Value ?? "";
                }
            }

            return branch is ['"', .., '"'] ? branch[1..^1] : branch;
        }
    }

    /// <summary>The <c>received</c> parameter, or null.</summary>
    public string? Received => SipParameters.Get(Parameters, "received");

    /// <summary>The <c>rport</c> parameter ("" when present without a value), or null.</summary>
    public string? Rport => SipParameters.Get(Parameters, "rport");

    /// <summary>Parses every via of a header body (comma-separated); throws <see cref="FormatException"/> on a malformed one.</summary>
    public static IReadOnlyList<ViaHeader> ParseAll(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var result = new List<ViaHeader>(1);
        ParseAll(body, result);
        return result;
    }

    /// <summary>Parses every via of a header body onto <paramref name="into"/>; throws <see cref="FormatException"/> on a malformed one.</summary>
    internal static void ParseAll(string body, List<ViaHeader> into)
    {
        ReadOnlySpan<char> text = body;
        for (int start = 0; start <= text.Length;)
        {
            int end = SipParameters.NextSeparator(text, start, ',');
            into.Add(ParseOne(text[start..end]));
            start = end + 1;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Protocol + " " + Host + (Port is null ? "" : ":" + Port);

    private static ViaHeader ParseOne(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<char> s = text.Trim(" \t\r\n");
        if (s.IsEmpty)
        {
            throw new FormatException("empty via");
        }

        // sent-protocol: name / version / transport, whitespace allowed around the slashes.
        var parts = new string[3];
        int p = 0;
        for (int k = 0; k < 3; k++)
        {
            p = SkipSpace(s, p);
            int start = p;
            while (p < s.Length && IsToken(s[p]))
            {
                p++;
            }

            if (p == start)
            {
                throw new FormatException("malformed sent-protocol in via '" + text.Trim().ToString() + "'");
            }

            parts[k] = Known(s[start..p]);
            if (k < 2)
            {
                p = SkipSpace(s, p);
                if (p >= s.Length || s[p] != '/')
                {
                    throw new FormatException("malformed sent-protocol in via '" + text.Trim().ToString() + "'");
                }

                p++;
            }
        }

        int hostStart = SkipSpace(s, p);
        if (hostStart == p && hostStart < s.Length)
        {
            throw new FormatException("missing whitespace before the host in via '" + text.Trim().ToString() + "'");
        }

        p = hostStart;
        string host;
        if (p < s.Length && s[p] == '[')
        {
            int close = s[p..].IndexOf(']');
            if (close < 0)
            {
                throw new FormatException("unterminated IPv6 reference in via '" + text.Trim().ToString() + "'");
            }

            host = s.Slice(p, close + 1).ToString();
            p += close + 1;
        }
        else
        {
            int start = p;
            while (p < s.Length && (char.IsAsciiLetterOrDigit(s[p]) || s[p] == '.' || s[p] == '-' || s[p] == '_'))
            {
                p++;
            }

            host = s[start..p].ToString();
        }

        if (host.Length == 0)
        {
            throw new FormatException("missing host in via '" + text.Trim().ToString() + "'");
        }

        p = SkipSpace(s, p);
        string? port = null;
        if (p < s.Length && s[p] == ':')
        {
            p = SkipSpace(s, p + 1);
            int start = p;
            while (p < s.Length && char.IsAsciiDigit(s[p]))
            {
                p++;
            }

            if (p == start || p - start > 5)
            {
                throw new FormatException("invalid port in via '" + text.Trim().ToString() + "'");
            }

            port = s[start..p].ToString();
            p = SkipSpace(s, p);
        }

        List<KeyValuePair<string, string?>> parameters;
        if (p >= s.Length)
        {
            parameters = [];
        }
        else if (s[p] == ';')
        {
            CheckParameters(s[(p + 1)..], text);
            parameters = SipParameters.Parse(s[(p + 1)..]);
        }
        else
        {
            throw new FormatException("unexpected '" + s[p] + "' in via '" + text.Trim().ToString() + "'");
        }

        if (!parts[0].Equals("SIP", StringComparison.OrdinalIgnoreCase) || parts[1] != "2.0")
        {
            throw new FormatException("unsupported protocol '" + parts[0] + "/" + parts[1] + "' in via '" + text.Trim().ToString() + "'");
        }

        string protocol = ReferenceEquals(parts[0], "SIP") && ReferenceEquals(parts[1], "2.0") ? SipTwo(parts[2]) : parts[0] + "/" + parts[1] + "/" + parts[2];
        return new ViaHeader(protocol, parts[2], host, port, parameters);
    }

    // The usual sent-protocol tokens as shared strings (matched as written, case included): no strings per via for them.
    private static readonly string[] KnownTokens = ["SIP", "2.0", "UDP", "TCP", "TLS", "SCTP", "WS", "WSS"];
    private static readonly string[] KnownProtocols = ["SIP/2.0/UDP", "SIP/2.0/TCP", "SIP/2.0/TLS", "SIP/2.0/SCTP", "SIP/2.0/WS", "SIP/2.0/WSS"];

    private static string Known(ReadOnlySpan<char> token)
    {
        foreach (string known in KnownTokens)
        {
            if (token.SequenceEqual(known))
            {
                return known;
            }
        }

        return token.ToString();
    }

    private static string SipTwo(string transport)
    {
        foreach (string protocol in KnownProtocols)
        {
            if (protocol.AsSpan(8).SequenceEqual(transport))
            {
                return protocol;
            }
        }

        return "SIP/2.0/" + transport;
    }

    // What Kamailio's Via parser refuses in the parameters (the request is then dropped): a branch or received
    // parameter with an empty value at the end of the via (";branch=;rport" passes), a parameter without a name (";=x",
    // ";;", a ';' at the end), a quoted value holding a comma,
    // and anything but ';' after a closing quote (a quoted value ends at the next quote: a backslash does not escape
    // it). Recorded with Kamailio 5.6.3 (tests/oracle/matrix: 373-378).
    private static void CheckParameters(ReadOnlySpan<char> s, ReadOnlySpan<char> text)
    {
        int p = 0;
        while (p <= s.Length)
        {
            int nameStart = SkipSpace(s, p);
            int q = nameStart;
            while (q < s.Length && s[q] != '=' && s[q] != ';' && s[q] != '"')
            {
                q++;
            }

            ReadOnlySpan<char> name = s[nameStart..q].TrimEnd(" \t\r\n");
            if (name.IsEmpty)
            {
                // ";=x", ";;" and a ';' ending the via.
                throw new FormatException("empty parameter name in via '" + text.Trim().ToString() + "'");
            }

            if (q < s.Length && s[q] == '=')
            {
                q = SkipSpace(s, q + 1);
                if (q < s.Length && s[q] == '"')
                {
                    int close = s[(q + 1)..].IndexOf('"');
                    if (close < 0 || s.Slice(q + 1, close).Contains(','))
                    {
                        throw new FormatException("malformed quoted parameter value in via '" + text.Trim().ToString() + "'");
                    }

                    q = SkipSpace(s, q + close + 2);
                    if (q < s.Length && s[q] != ';')
                    {
                        throw new FormatException("unexpected '" + s[q] + "' after a quoted parameter value in via '" + text.Trim().ToString() + "'");
                    }
                }
                else
                {
                    int valueStart = q;
                    while (q < s.Length && s[q] != ';')
                    {
                        q++;
                    }

                    if (q == s.Length && s[valueStart..q].Trim(" \t\r\n").IsEmpty && (name.Equals("branch", StringComparison.OrdinalIgnoreCase) || name.Equals("received", StringComparison.OrdinalIgnoreCase)))
                    {
                        throw new FormatException("empty " + name.ToString() + " parameter in via '" + text.Trim().ToString() + "'");
                    }
                }
            }
            else if (q < s.Length && s[q] == '"')
            {
                throw new FormatException("unexpected '\"' in via '" + text.Trim().ToString() + "'");
            }

            p = q + 1;
        }
    }

    private static int SkipSpace(ReadOnlySpan<char> s, int p)
    {
        while (p < s.Length && (s[p] == ' ' || s[p] == '\t' || s[p] == '\r' || s[p] == '\n'))
        {
            p++;
        }

        return p;
    }

    private static bool IsToken(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '!' or '%' or '*' or '_' or '+' or '`' or '\'' or '~';
}
