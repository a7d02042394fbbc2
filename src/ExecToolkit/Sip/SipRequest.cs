using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Threading;

namespace ExecToolkit.Sip;

/// <summary>
/// A SIP request parsed as Kamailio 5.6 parses it, with the original bytes kept unchanged (exec_msg writes them).
/// Either a request parses completely or <see cref="Parse(ReadOnlyMemory{byte})"/> throws <see cref="SipParseException"/>: nothing
/// half-parsed leaks out.
/// </summary>
public sealed class SipRequest
{
    private readonly SipHeader[] headers;
    private NameAddress? from;
    private NameAddress? to;
    private NameAddress? contact;
    private bool fromParsed;
    private bool contactParsed;
    private string? callId;
    private bool callIdRead;
    private CSeqHeader? cseq;
    private IReadOnlyList<ViaHeader> vias;
    private readonly Range firstLineRange;
    private string? firstLine;

    private SipRequest(ReadOnlyMemory<byte> raw, string method, string requestUri, string version, Range firstLine, SipHeader[] headers, ReadOnlyMemory<byte> body, IReadOnlyList<ViaHeader> vias, CSeqHeader? cseq, NameAddress? to)
    {
        Raw = raw;
        Method = method;
        RequestUri = requestUri;
        Version = version;
        firstLineRange = firstLine;
        this.headers = headers;
        Body = body;
        this.vias = vias;
        this.cseq = cseq;
        this.to = to;
    }

    /// <summary>The message exactly as received.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>The method of the request line.</summary>
    public string Method { get; }

    /// <summary>The Request-URI as written in the request line.</summary>
    public string RequestUri { get; }

    /// <summary>The SIP version of the request line (<c>SIP/2.0</c>).</summary>
    public string Version { get; }

    /// <summary>The request line without its line end.</summary>
    public string FirstLine => firstLine ??= SipText.Decode(Raw.Span[firstLineRange]);

    /// <summary>Every header in message order.</summary>
    public IReadOnlyList<SipHeader> Headers => headers;

    /// <summary>The headers as a span: for loops over every header without an interface call per header.</summary>
    internal ReadOnlySpan<SipHeader> HeaderSpan => headers;

    /// <summary>The body: Content-Length bytes after the empty line, or the rest of the message without a Content-Length.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The From header's name-addr, or null when absent or unparsable.</summary>
    public NameAddress? From
    {
        get
        {
            if (!Volatile.Read(ref fromParsed))
            {
                from = GetHeader(HeaderType.From) is SipHeader h && NameAddress.TryParse(h.Value, out NameAddress? v) ? v : null;
                Volatile.Write(ref fromParsed, true);
            }

            return from;
        }
    }

    /// <summary>The To header's name-addr, or null when absent.</summary>
    public NameAddress? To => to;

    /// <summary>The first contact of the first Contact header, or null.</summary>
    public NameAddress? Contact
    {
        get
        {
            if (!Volatile.Read(ref contactParsed))
            {
                contact = GetHeader(HeaderType.Contact) is SipHeader h && NameAddress.ParseList(h.Value) is { Count: > 0 } list ? list[0] : null;
                Volatile.Write(ref contactParsed, true);
            }

            return contact;
        }
    }

    /// <summary>The CSeq, or null when absent.</summary>
    public CSeqHeader? CSeq => cseq;

    /// <summary>The Call-ID body without trailing whitespace, or null when absent.</summary>
    public string? CallId
    {
        get
        {
            if (!Volatile.Read(ref callIdRead))
            {
                callId = GetHeader(HeaderType.CallId)?.Value.TrimEnd(' ', '\t', '\r', '\n');
                Volatile.Write(ref callIdRead, true);
            }

            return callId;
        }
    }

    /// <summary>The first via of the first Via header, or null.</summary>
    public ViaHeader? TopVia => vias.Count > 0 ? vias[0] : null;

    /// <summary>Every via of every Via header, in order.</summary>
    public IReadOnlyList<ViaHeader> Vias => vias;

    /// <summary>The first header of a type, or null.</summary>
    public SipHeader? GetHeader(HeaderType type)
    {
        foreach (SipHeader h in headers)
        {
            if (h.Type == type)
            {
                return h;
            }
        }

        return null;
    }

    /// <summary>Every header of a type, in order.</summary>
    public IEnumerable<SipHeader> GetHeaders(HeaderType type)
    {
        foreach (SipHeader h in headers)
        {
            if (h.Type == type)
            {
                yield return h;
            }
        }
    }

    /// <summary>
    /// The headers <c>$hdr(name)</c> finds: a known name (full or compact) matches by type, any other name by
    /// case-insensitive name; <c>*</c> matches every header.
    /// </summary>
    public IReadOnlyList<SipHeader> FindHeaders(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == "*")
        {
            return headers;
        }

        HeaderType type = HeaderNames.Classify(name);
        var result = new List<SipHeader>();
        foreach (SipHeader h in headers)
        {
            if (Matches(h, type, name))
            {
                result.Add(h);
            }
        }

        return result;
    }

    /// <summary>
    /// The first header <see cref="FindHeaders"/> would return, found without a list; <paramref name="type"/> is
    /// <see cref="HeaderNames.Classify"/> of <paramref name="name"/>, classified once by the caller.
    /// </summary>
    public SipHeader? FindFirstHeader(HeaderType type, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == "*")
        {
            return headers.Length > 0 ? headers[0] : null;
        }

        foreach (SipHeader h in headers)
        {
            if (Matches(h, type, name))
            {
                return h;
            }
        }

        return null;
    }

    // A known name (full or compact) matches by type, any other name by case-insensitive name.
    internal static bool Matches(SipHeader h, HeaderType type, string name)
        => type != HeaderType.Other ? h.Type == type : (h.Type == HeaderType.Other && h.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> message, [NotNullWhen(true)] out SipRequest? request, [NotNullWhen(false)] out SipParseException? error)
    {
        try
        {
            request = Parse(message);
            error = null;
            return true;
        }
        catch (SipParseException e)
        {
            request = null;
            error = e;
            return false;
        }
    }

    /// <summary>
    /// In a request parsed with <see cref="SipParseMode.Lenient"/>: the header error that stopped parsing, or null.
    /// Kamailio routes such a request (the headers before the error are usable) but cannot build the exec environment.
    /// </summary>
    public SipParseException? HeaderError { get; private init; }

    /// <summary>Parses a request; throws <see cref="SipParseException"/> naming the problem, its line and offset.</summary>
    public static SipRequest Parse(ReadOnlyMemory<byte> message) => Parse(message, SipParseMode.Strict);

    /// <summary>
    /// Parses a request. <see cref="SipParseMode.Strict"/> throws on any error; <see cref="SipParseMode.Lenient"/>
    /// throws only for a bad request line and otherwise keeps the headers before the first bad one, recording the
    /// error in <see cref="HeaderError"/>.
    /// </summary>
    public static SipRequest Parse(ReadOnlyMemory<byte> message, SipParseMode mode)
    {
        var partial = new PartialParse();
        SipRequest request;
        try
        {
            request = ParseCore(message, partial);
        }
        catch (SipParseException e) when (mode == SipParseMode.Lenient && partial.FirstLine is Range requestLine)
        {
            // Keep what parsed before the bad header; the bad header itself is not usable.
            partial.Headers.RemoveAll(h => h.Line >= e.Line);
            CheckRoutable(partial.Headers, partial.Vias, e);
            return new SipRequest(message, partial.Method, partial.Uri, partial.Version, requestLine, [.. partial.Headers], ReadOnlyMemory<byte>.Empty, partial.Vias, partial.CSeq, partial.To)
            {
                HeaderError = e,
            };
        }

        CheckRoutable(request.headers, request.vias, null);
        return request;
    }

    /// <summary>
    /// Kamailio drops a request, before any route runs, without a parsable top Via or without a From, To, Call-ID and
    /// CSeq that parse: it reads those headers first, so a bad header line (a second From included) before the last of
    /// them drops the request, while one after them only leaves the exec environment unavailable.
    /// </summary>
    private static void CheckRoutable(IReadOnlyList<SipHeader> parsed, IReadOnlyList<ViaHeader> vias, SipParseException? headerError)
    {
        if (vias.Count == 0)
        {
            throw headerError ?? new SipParseException("no Via header", 1, 0);
        }

        ReadOnlySpan<HeaderType> mandatory = [HeaderType.From, HeaderType.To, HeaderType.CallId, HeaderType.CSeq];
        foreach (HeaderType type in mandatory)
        {
            bool found = false;
            for (int i = 0; i < parsed.Count && !found; i++)
            {
                found = parsed[i].Type == type;
            }

            if (!found)
            {
                throw headerError ?? new SipParseException("no " + HeaderNames.CanonicalName(type) + " header", 1, 0);
            }
        }
    }

    private sealed class PartialParse
    {
        public string Method { get; set; } = "";

        public string Uri { get; set; } = "";

        public string Version { get; set; } = "";

        public Range? FirstLine { get; set; }

        public List<SipHeader> Headers { get; } = new(16);

        public List<ViaHeader> Vias { get; } = new(2);

        public CSeqHeader? CSeq { get; set; }

        public NameAddress? To { get; set; }
    }

    private static SipRequest ParseCore(ReadOnlyMemory<byte> message, PartialParse partial)
    {
        ReadOnlySpan<byte> s = message.Span;
        if (s.IsEmpty)
        {
            throw new SipParseException("empty message", 1, 0);
        }

        // Kamailio skips CR and LF bytes before the request line (RFC 3261 7.5: empty lines before a message are ignored).
        int start = 0;
        while (start < s.Length && (s[start] == '\r' || s[start] == '\n'))
        {
            start++;
        }

        int lf = s[start..].IndexOf((byte)'\n');
        if (lf < 0)
        {
            throw new SipParseException("request line is not terminated", 1, s.Length);
        }

        lf += start;
        int lineEnd = lf > start && s[lf - 1] == '\r' ? lf - 1 : lf;

        // Whitespace after the version is ignored, as by Kamailio's first-line parser.
        while (lineEnd > start && (s[lineEnd - 1] == ' ' || s[lineEnd - 1] == '\t'))
        {
            lineEnd--;
        }

        Range firstLine = start..lineEnd;
        (string method, string uri, string version) = ParseRequestLine(s[firstLine]);
        partial.Method = method;
        partial.Uri = uri;
        partial.Version = version;
        partial.FirstLine = firstLine;

        List<SipHeader> list = partial.Headers;
        List<ViaHeader> vias = partial.Vias;
        CSeqHeader? cseq = null;
        NameAddress? to = null;
        int singlesSeen = 0; // one bit per header type Kamailio takes once
        int pos = lf + 1;
        int line = 2;
        while (true)
        {
            if (pos >= s.Length)
            {
                // The datagram ends right after a header line: Kamailio takes that as the end of the headers.
                break;
            }

            if (s[pos] == '\n' || (s[pos] == '\r' && pos + 1 < s.Length && s[pos + 1] == '\n'))
            {
                pos += s[pos] == '\n' ? 1 : 2;
                line++;
                break;
            }

            if (s[pos] == ' ' || s[pos] == '\t')
            {
                throw new SipParseException("continuation line without a header", line, pos);
            }

            int headerStart = pos;
            int headerLine = line;

            int nameEnd = pos;
            while (nameEnd < s.Length && s[nameEnd] != ':' && s[nameEnd] != ' ' && s[nameEnd] != '\t' && s[nameEnd] != '\r' && s[nameEnd] != '\n')
            {
                nameEnd++;
            }

            ReadOnlySpan<byte> name = s[headerStart..nameEnd];
            if (name.IsEmpty)
            {
                throw new SipParseException("missing header name", line, pos);
            }

            for (int k = 0; k < name.Length; k++)
            {
                if (!HeaderNames.IsNameByte(name[k]))
                {
                    throw new SipParseException("invalid character '" + Printable(name[k]) + "' in header name '" + SipText.Decode(name) + "'", line, headerStart + k);
                }
            }

            int p = nameEnd;
            while (p < s.Length && (s[p] == ' ' || s[p] == '\t'))
            {
                p++;
            }

            if (p >= s.Length || s[p] != ':')
            {
                throw new SipParseException("missing ':' after header name '" + SipText.Decode(name) + "'", line, p);
            }

            p++;

            // Skip the whitespace after the colon, folded line breaks included.
            while (p < s.Length)
            {
                if (s[p] == ' ' || s[p] == '\t')
                {
                    p++;
                }
                else if (IsFold(s, p, out int foldLength))
                {
                    p += foldLength;
                    line++;
                }
                else
                {
                    break;
                }
            }

            int valueStart = p;

            // The value runs to the end of the line and over folded continuation lines.
            int valueEnd;
            while (true)
            {
                int nl = s[p..].IndexOf((byte)'\n');
                if (nl < 0)
                {
                    throw new SipParseException("header '" + SipText.Decode(name) + "' is not terminated", line, s.Length);
                }

                int afterLine = p + nl + 1;
                if (afterLine < s.Length && (s[afterLine] == ' ' || s[afterLine] == '\t'))
                {
                    p = afterLine;
                    line++;
                    continue;
                }

                valueEnd = p + nl;
                // Kamailio's trim_r: trailing CR, LF and NUL go; trailing spaces stay.
                while (valueEnd > valueStart && (s[valueEnd - 1] == '\r' || s[valueEnd - 1] == '\n' || s[valueEnd - 1] == 0))
                {
                    valueEnd--;
                }

                pos = afterLine;
                line++;
                break;
            }

            valueEnd = Math.Max(valueEnd, valueStart);
            HeaderType type = HeaderNames.ClassifyRaw(name);
            int single = SingleBit(type);
            if ((singlesSeen & single) != 0)
            {
                // Kamailio's header parser refuses a second one of these: every header from there on is unusable.
                throw new SipParseException("more than one " + HeaderNames.CanonicalName(type) + " header", headerLine, headerStart);
            }

            singlesSeen |= single;
            var header = new SipHeader(message[headerStart..nameEnd], type, message[valueStart..valueEnd], headerLine, headerStart);
            list.Add(header);
            switch (type)
            {
                case HeaderType.Via:
                    try
                    {
                        ViaHeader.ParseAll(header.Value, vias);
                    }
                    catch (FormatException e)
                    {
                        throw new SipParseException("malformed Via header: " + e.Message, headerLine, valueStart);
                    }

                    break;
                case HeaderType.CSeq:
                    if (!CSeqHeader.TryParse(header.Value, out CSeqHeader? parsed))
                    {
                        throw new SipParseException("malformed CSeq header '" + header.Value + "'", headerLine, valueStart);
                    }

                    cseq ??= parsed;
                    partial.CSeq = cseq;
                    break;
                case HeaderType.To:
                    if (!NameAddress.TryParseToHeader(header.Value, out NameAddress? toValue))
                    {
                        throw new SipParseException("malformed To header '" + header.Value + "'", headerLine, valueStart);
                    }

                    to ??= toValue;
                    partial.To = to;
                    break;
                case HeaderType.ContentLength:
                    // Checked on the bytes: the value is not needed as text.
                    ReadOnlySpan<byte> digits = s[valueStart..valueEnd].Trim(" \t\r\n"u8);
                    if (digits.IsEmpty || digits.Length > 9 || digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
                    {
                        throw new SipParseException("malformed Content-Length '" + header.Value + "'", headerLine, valueStart);
                    }

                    break;
            }
        }

        // The body is everything after the empty line, whatever Content-Length says: Kamailio's $rb and $bs read a
        // datagram that way (a UDP datagram is the whole message), and exec_msg writes the datagram itself.
        ReadOnlyMemory<byte> body = message[pos..];
        return new SipRequest(message, method, uri, version, firstLine, [.. list], body, vias, cseq, to);
    }

    private static (string Method, string Uri, string Version) ParseRequestLine(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith("SIP/"u8))
        {
            throw new SipParseException("a reply, not a request", 1, 0);
        }

        int sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0)
        {
            throw new SipParseException("malformed request line", 1, 0);
        }

        for (int k = 0; k < sp1; k++)
        {
            byte b = line[k];
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'!' or (byte)'%' or (byte)'*' or (byte)'_' or (byte)'+' or (byte)'`' or (byte)'\'' or (byte)'~'))
            {
                throw new SipParseException("invalid character '" + Printable(b) + "' in method", 1, k);
            }
        }

        int uriStart = sp1 + 1;
        int sp2 = line.LastIndexOf((byte)' ');
        if (sp2 <= uriStart)
        {
            throw new SipParseException("malformed request line: expected METHOD URI SIP/2.0", 1, uriStart);
        }

        ReadOnlySpan<byte> version = line[(sp2 + 1)..];
        if (!System.Text.Ascii.EqualsIgnoreCase(version, "SIP/2.0"u8))
        {
            throw new SipParseException("unsupported SIP version '" + SipText.Decode(version) + "'", 1, sp2 + 1);
        }

        ReadOnlySpan<byte> uri = line[uriStart..sp2];
        if (uri.IsEmpty || uri.IndexOfAny(" \t"u8) >= 0)
        {
            throw new SipParseException("malformed Request-URI", 1, uriStart);
        }

        return (Known(line[..sp1], Methods), SipText.Decode(uri), Known(version, Versions));
    }

    // The usual methods and version as shared strings (compared case-sensitively, as written): no string per request.
    private static readonly string[] Methods = ["INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE"];
    private static readonly string[] Versions = ["SIP/2.0"];

    private static string Known(ReadOnlySpan<byte> bytes, string[] known)
    {
        foreach (string candidate in known)
        {
            if (candidate.Length == bytes.Length && System.Text.Ascii.Equals(bytes, candidate))
            {
                return candidate;
            }
        }

        return SipText.Decode(bytes);
    }

    // The headers Kamailio 5.6.3 takes once, a bit each (0 for the others): a second one is a header error (recorded
    // for every known header type).
    private static int SingleBit(HeaderType type) => type switch
    {
        HeaderType.From => 1,
        HeaderType.To => 2,
        HeaderType.CallId => 4,
        HeaderType.CSeq => 8,
        HeaderType.MaxForwards => 16,
        HeaderType.ContentLength => 32,
        _ => 0,
    };

    private static bool IsFold(ReadOnlySpan<byte> s, int p, out int length)
    {
        length = 0;
        if (s[p] == '\r' && p + 2 < s.Length && s[p + 1] == '\n' && (s[p + 2] == ' ' || s[p + 2] == '\t'))
        {
            length = 2;
        }
        else if (s[p] == '\n' && p + 1 < s.Length && (s[p + 1] == ' ' || s[p + 1] == '\t'))
        {
            length = 1;
        }

        return length > 0;
    }

    private static string Printable(byte b) => b is >= 0x21 and < 0x7f ? ((char)b).ToString() : "\\x" + b.ToString("x2", CultureInfo.InvariantCulture);
}
