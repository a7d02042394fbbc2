using System;
using System.Collections.Generic;
using System.Text;
using ExecToolkit.Sip;

namespace ExecToolkit.SampleServer;

/// <summary>
/// The 400 for a request the parser refuses, when a response can still be routed (RFC 3261 8.2, 18.2.2): a request
/// line, a top Via that parses, and not an ACK. The response copies the Via lines and whichever of From, To, Call-ID and
/// CSeq the request has, each only when its value holds no control character, so nothing of a hostile request can
/// become a line of the response. The reason phrase is ours, never the request's text.
/// </summary>
public static class BadRequest
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["via"] = "Via",
        ["v"] = "Via",
        ["from"] = "From",
        ["f"] = "From",
        ["to"] = "To",
        ["t"] = "To",
        ["call-id"] = "Call-ID",
        ["i"] = "Call-ID",
        ["cseq"] = "CSeq",
    };

    /// <summary>The 400 response, or null when none can be routed.</summary>
    /// <param name="message">The request as received.</param>
    /// <param name="reason">Our reason phrase (ASCII, no control characters).</param>
    public static byte[]? Create(ReadOnlySpan<byte> message, string reason) => Create(message, 400, reason);

    /// <summary>The response with <paramref name="status"/> (400, or 513 for a message too large), or null when none can be routed.</summary>
    /// <param name="message">The request as received.</param>
    /// <param name="status">The status code.</param>
    /// <param name="reason">Our reason phrase (ASCII, no control characters).</param>
    public static byte[]? Create(ReadOnlySpan<byte> message, int status, string reason)
    {
        string text = SipText.Decode(message);
        int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        string[] lines = (end < 0 ? text : text[..end]).Split("\r\n");
        string[] requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[0].Length == 0 || !requestLine[2].StartsWith("SIP/", StringComparison.Ordinal)
            || requestLine[0] == "ACK" || !IsToken(requestLine[0]))
        {
            return null;
        }

        var vias = new List<string>();
        var others = new List<string>();
        for (int i = 1; i < lines.Length; i++)
        {
            int colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !Names.TryGetValue(lines[i][..colon].Trim(), out string? name))
            {
                continue;
            }

            string value = lines[i][(colon + 1)..].Trim();
            if (value.Length == 0 || HasControl(value))
            {
                continue;
            }

            if (name != "Via")
            {
                if (!others.Exists(c => c.StartsWith(name + ":", StringComparison.Ordinal)))
                {
                    others.Add(name + ": " + value);
                }

                continue;
            }

            try
            {
                if (ViaHeader.ParseAll(value).Count > 0)
                {
                    vias.Add("Via: " + value);
                    continue;
                }
            }
            catch (Exception e) when (e is SipParseException or FormatException)
            {
            }

            if (vias.Count == 0)
            {
                return null; // the top Via does not parse: nowhere to send a response
            }
        }

        if (vias.Count == 0)
        {
            return null;
        }

        List<string> copied = [.. vias, .. others];
        var sb = new StringBuilder("SIP/2.0 ").Append(status).Append(' ').Append(reason).Append("\r\n");
        foreach (string header in copied)
        {
            sb.Append(header).Append("\r\n");
        }

        sb.Append("Server: ExecToolkit sample\r\nContent-Length: 0\r\n\r\n");
        return SipText.Encode(sb.ToString());
    }

    private static bool HasControl(string value)
    {
        foreach (char c in value)
        {
            if ((c < ' ' && c != '\t') || c == '\x7f' || char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsToken(string method)
    {
        foreach (char c in method)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "-.!%*_+`'~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }
}
