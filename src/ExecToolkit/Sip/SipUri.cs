using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ExecToolkit.Sip;

/// <summary>
/// A <c>sip:</c>, <c>sips:</c> or <c>tel:</c> URI as Kamailio's <c>parse_uri</c> reads it:
/// <c>sip:[user[:password]@]host[:port][;params][?headers]</c>, <c>tel:number[;params]</c>. Parts are kept raw (no
/// %-unescaping).
/// </summary>
public sealed class SipUri
{
    private SipUri(string text, string scheme, string? user, string? password, string host, string? port, IReadOnlyList<KeyValuePair<string, string?>> parameters, IReadOnlyList<KeyValuePair<string, string?>> headers)
    {
        Text = text;
        Scheme = scheme;
        User = user;
        Password = password;
        Host = host;
        Port = port;
        Parameters = parameters;
        Headers = headers;
    }

    /// <summary>The URI as given.</summary>
    public string Text { get; }

    /// <summary><c>sip</c>, <c>sips</c> or <c>tel</c>, lower case.</summary>
    public string Scheme { get; }

    /// <summary>The user part (the number for <c>tel:</c>), or null when there is none (<c>sip:host</c>).</summary>
    public string? User { get; }

    /// <summary>The password after <c>user:</c>, or null.</summary>
    public string? Password { get; }

    /// <summary>The host; IPv6 references keep their brackets; empty for <c>tel:</c>.</summary>
    public string Host { get; }

    /// <summary>The port as written, or null.</summary>
    public string? Port { get; }

    /// <summary>The port as a number, or null.</summary>
    public int? PortNumber => Port is null ? null : int.Parse(Port, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>URI parameters in order (<c>;transport=tcp;lr</c>); a flag has a null value.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; }

    /// <summary>URI headers in order (<c>?subject=x&amp;priority=urgent</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Headers { get; }

    /// <summary>The <c>transport</c> parameter as written, or null.</summary>
    public string? Transport => GetParameter("transport");

    /// <summary>A parameter's value (case-insensitive name): "" for a flag, null when absent.</summary>
    public string? GetParameter(string name) => SipParameters.Get(Parameters, name);

    /// <summary>Parses a URI; false when Kamailio's parser would fail.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SipUri? uri)
    {
        uri = text is null ? null : ParseCore(text, out _);
        return uri is not null;
    }

    /// <summary>Parses a URI or throws <see cref="FormatException"/> saying why.</summary>
    public static SipUri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ParseCore(text, out string? problem) ?? throw new FormatException("invalid URI '" + text + "': " + problem);
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    private static SipUri? ParseCore(string text, out string? problem)
    {
        problem = null;
        foreach (char c in text)
        {
            if (c <= ' ' || c == 0x7f)
            {
                problem = "whitespace or control character";
                return null;
            }
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            problem = "no scheme";
            return null;
        }

        string scheme = text[..colon].ToLowerInvariant();
        string rest = text[(colon + 1)..];
        if (scheme == "tel")
        {
            int semi = rest.IndexOf(';', StringComparison.Ordinal);
            string number = semi < 0 ? rest : rest[..semi];
            if (number.Length == 0)
            {
                problem = "empty telephone number";
                return null;
            }

            var telParams = semi < 0 ? new List<KeyValuePair<string, string?>>() : SipParameters.Parse(rest.AsSpan(semi + 1));
            return new SipUri(text, scheme, number, null, "", null, telParams, []);
        }

        if (scheme != "sip" && scheme != "sips")
        {
            problem = "unsupported scheme '" + scheme + "'";
            return null;
        }

        string? headersText = null;
        int question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            headersText = rest[(question + 1)..];
            rest = rest[..question];
        }

        string? user = null;
        string? password = null;
        int at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            string userInfo = rest[..at];
            rest = rest[(at + 1)..];
            if (userInfo.Length == 0)
            {
                problem = "empty user part";
                return null;
            }

            int pw = userInfo.IndexOf(':', StringComparison.Ordinal);
            user = pw < 0 ? userInfo : userInfo[..pw];
            password = pw < 0 ? null : userInfo[(pw + 1)..];
            if (user.Length == 0)
            {
                problem = "empty user part";
                return null;
            }
        }

        string host;
        int p;
        if (rest.StartsWith('['))
        {
            int close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                problem = "unterminated IPv6 reference";
                return null;
            }

            host = rest[..(close + 1)];
            p = close + 1;
        }
        else
        {
            p = 0;
            while (p < rest.Length && rest[p] != ':' && rest[p] != ';')
            {
                p++;
            }

            host = rest[..p];
        }

        if (host.Length == 0 || host == "[]" || host.Contains('@', StringComparison.Ordinal))
        {
            problem = "missing or invalid host";
            return null;
        }

        string? port = null;
        if (p < rest.Length && rest[p] == ':')
        {
            int end = rest.IndexOf(';', p);
            port = end < 0 ? rest[(p + 1)..] : rest[(p + 1)..end];
            if (port.Length == 0 || port.Length > 5 || !IsDigits(port) || int.Parse(port, CultureInfo.InvariantCulture) > 65535)
            {
                problem = "invalid port '" + port + "'";
                return null;
            }

            p = end < 0 ? rest.Length : end;
        }
        else if (p < rest.Length && rest[p] != ';')
        {
            problem = "unexpected '" + rest[p] + "' after the host";
            return null;
        }

        var parameters = p < rest.Length ? SipParameters.Parse(rest.AsSpan(p + 1)) : new List<KeyValuePair<string, string?>>();
        var headers = headersText is null ? new List<KeyValuePair<string, string?>>() : SipParameters.Parse(headersText, '&');
        return new SipUri(text, scheme, user, password, host, port, parameters, headers);
    }

    private static bool IsDigits(string s)
    {
        foreach (char c in s)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return true;
    }
}
