using System;
using System.Collections.Generic;
using System.Text;
using ExecToolkit.Processes;
using ExecToolkit.Sip;

namespace ExecToolkit;

/// <summary>
/// The <c>SIP_*</c> variables Kamailio 5.6's exec module exports for a request (<c>setvars=1</c>), byte for byte and in
/// block order: <c>SIP_DID, SIP_TID, SIP_OUSER, SIP_ORUI, SIP_USER, SIP_RURI, SIP_SRCIP</c>, then one <c>SIP_HF_*</c>
/// per header group in reverse order of first appearance, then <c>SIP_ORURI</c> (an ExecToolkit addition: the name the
/// Kamailio documentation promises, with the value of <c>SIP_ORUI</c>).
/// </summary>
public static class SipEnvironment
{
    private const string Prefix = "SIP_HF_";

    /// <summary>Builds the variables for the request's current state.</summary>
    /// <param name="context">The request.</param>
    /// <param name="policy">Headers to drop or redact; Kamailio's (all, unchanged) when null.</param>
    /// <param name="bashSafety">Kamailio's <c>bash_safety</c>: values starting with <c>() {</c> lose their first two bytes.</param>
    /// <param name="includeDocumentedOriginalUri">Append <c>SIP_ORURI</c> after the Kamailio set.</param>
    /// <exception cref="InvalidOperationException">The request was parsed leniently and a header did not parse.</exception>
    public static IReadOnlyList<SipEnvironmentVariable> Build(RequestContext context, EnvironmentPolicy? policy = null, bool bashSafety = true, bool includeDocumentedOriginalUri = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sink = new ListSink(new List<SipEnvironmentVariable>(8 + context.Request.Headers.Count));
        Emit(context, policy, bashSafety, includeDocumentedOriginalUri, ref sink);
        return sink.Variables;
    }

    /// <summary>
    /// Writes the variables as <c>NAME=value\0</c> entries into <paramref name="block"/>, the form <c>execve</c> takes,
    /// without an object per variable: what an execution uses. Same variables, values and order as
    /// <see cref="Build"/>.
    /// </summary>
    internal static void Write(RequestContext context, EnvironmentPolicy? policy, bool bashSafety, EnvironmentBlock block)
    {
        var sink = new BlockSink(block);
        Emit(context, policy, bashSafety, includeDocumentedOriginalUri: true, ref sink);
    }

    // The one definition of the block: which variables, in which order, with which bytes. A sink receives each variable
    // as a name and a value of at most a given length, written in place (a NUL cuts the value, as in Kamailio).
    private static void Emit<TSink>(RequestContext context, EnvironmentPolicy? policy, bool bashSafety, bool includeDocumentedOriginalUri, ref TSink sink)
        where TSink : struct, IVariableSink
    {
        if (context.Request.HeaderError is SipParseException error)
        {
            // Kamailio parses every header to build the environment; with a bad one it cannot (and exec returns -1).
            throw new InvalidOperationException("the environment cannot be built: " + error.Message, error);
        }

        policy ??= EnvironmentPolicy.Kamailio;
        SipRequest request = context.Request;
        if (policy.IsExported("SIP_DID"))
        {
            Text(ref sink, policy, "SIP_DID", request.To?.Tag ?? "");
        }

        if (policy.IsExported("SIP_TID"))
        {
            // Hashed and written as hex straight into the block (no string for it).
            Span<byte> hash = stackalloc byte[Md5.HashSize];
            bool hashed = TransactionHash(context, hash);
            Span<byte> hex = sink.Begin("SIP_TID", hashed ? 2 * Md5.HashSize : 0);
            Finish(ref sink, policy, hashed && Convert.TryToHexStringLower(hash, hex, out int written) ? written : 0);
        }

        if (policy.IsExported("SIP_OUSER") && context.OriginalUriParsed is SipUri original)
        {
            Text(ref sink, policy, "SIP_OUSER", original.User ?? "");
        }

        if (policy.IsExported("SIP_ORUI"))
        {
            Text(ref sink, policy, "SIP_ORUI", context.OriginalUri);
        }

        if (policy.IsExported("SIP_USER") && context.CurrentUriParsed is SipUri current)
        {
            Text(ref sink, policy, "SIP_USER", current.User ?? "");
        }

        if (policy.IsExported("SIP_RURI"))
        {
            Text(ref sink, policy, "SIP_RURI", context.CurrentUri);
        }

        if (policy.IsExported("SIP_SRCIP"))
        {
            Text(ref sink, policy, "SIP_SRCIP", PseudoVariables.PseudoVariableAccessors.SourceIp(context)!);
        }

        ReadOnlySpan<SipHeader> headers = request.HeaderSpan;
        int[]? rented = headers.Length > MaxStackHeaders ? System.Buffers.ArrayPool<int>.Shared.Rent(3 * headers.Length) : null;
        Span<int> links = rented ?? stackalloc int[3 * MaxStackHeaders];
        var groups = new HeaderGroups(headers, links);
        try
        {
            for (int g = groups.Count - 1; g >= 0; g--)
            {
                SipHeader first = groups.First(g);
                if (!policy.IsKamailio && policy.IsDropped(FullName(first)))
                {
                    continue;
                }

                string name = VariableName(first);
                if (!policy.IsExported(name))
                {
                    continue;
                }

                if (!policy.IsKamailio && policy.IsRedacted(FullName(first)))
                {
                    Text(ref sink, policy, name, EnvironmentPolicy.RedactedValue);
                }
                else
                {
                    Span<byte> value = sink.Begin(name, groups.JoinedLength(g, bashSafety));
                    Finish(ref sink, policy, groups.JoinValues(g, bashSafety, value));
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<int>.Shared.Return(rented);
            }
        }

        if (includeDocumentedOriginalUri && policy.IsExported("SIP_ORURI"))
        {
            Text(ref sink, policy, "SIP_ORURI", context.OriginalUri);
        }
    }

    private static void Text<TSink>(ref TSink sink, EnvironmentPolicy policy, string name, string value)
        where TSink : struct, IVariableSink
    {
        Span<byte> destination = sink.Begin(name, SipText.GetByteCount(value));
        int written = SipText.Encode(value, destination);
        int nul = destination[..written].IndexOf((byte)0);
        Finish(ref sink, policy, nul < 0 ? written : nul);
    }

    // Ends a variable: kept, or left out when the policy's MaxValueBytes is exceeded.
    private static void Finish<TSink>(ref TSink sink, EnvironmentPolicy policy, int length)
        where TSink : struct, IVariableSink
    {
        if (policy.Admits(length))
        {
            sink.Commit(length);
        }
        else
        {
            sink.Cancel();
        }
    }

    /// <summary>The environment-variable name of a header: <c>SIP_HF_</c> + a canonical or upper-cased name.</summary>
    public static string VariableName(SipHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        string? canonical = header.Type switch
        {
            HeaderType.Via => "SIP_HF_VIA",
            HeaderType.ContentType => "SIP_HF_CONTENT_TYPE",
            HeaderType.From => "SIP_HF_FROM",
            HeaderType.CallId => "SIP_HF_CALLID",
            HeaderType.Supported => "SIP_HF_SUPPORTED",
            HeaderType.ContentLength => "SIP_HF_CONTENT_LENGTH",
            HeaderType.Contact => "SIP_HF_CONTACT",
            HeaderType.To => "SIP_HF_TO",
            HeaderType.Event => "SIP_HF_EVENT",
            _ => null,
        };
        if (canonical is not null)
        {
            return canonical;
        }

        ReadOnlySpan<byte> name = header.RawName.Span;
        return string.Create(Prefix.Length + name.Length, header.RawName, static (span, raw) =>
        {
            Prefix.AsSpan().CopyTo(span);
            ReadOnlySpan<byte> bytes = raw.Span;
            for (int i = 0; i < bytes.Length; i++)
            {
                byte b = bytes[i];
                char c = b switch
                {
                    >= (byte)'a' and <= (byte)'z' => (char)(b - 32),
                    >= (byte)'A' and <= (byte)'Z' => (char)b,
                    >= (byte)'0' and <= (byte)'9' => (char)b,
                    _ => '_',
                };
                span[Prefix.Length + i] = c;
            }
        });
    }

    /// <summary>
    /// Kamailio's transaction hash (<c>char_msg_val</c>): MD5 of From-tag, To-tag (not for INVITE, ACK, CANCEL), Call-ID,
    /// original Request-URI, CSeq number, top Via host, port as written and branch; each part trimmed, empty parts
    /// skipped. Null when From, To, Call-ID or CSeq is missing or From does not parse.
    /// </summary>
    public static string? TransactionId(RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Span<byte> hash = stackalloc byte[Md5.HashSize];
        return TransactionHash(context, hash) ? Convert.ToHexStringLower(hash) : null;
    }

    // The MD5 of TransactionId into hash; false when there is none.
    private static bool TransactionHash(RequestContext context, Span<byte> hash)
    {
        SipRequest r = context.Request;
        if (r.GetHeader(HeaderType.From) is null || r.From is null || r.GetHeader(HeaderType.To) is null
            || r.CallId is null || r.CSeq is null)
        {
            return false;
        }

        bool inviteLike = r.Method is "INVITE" or "ACK" or "CANCEL";
        ViaHeader? via = r.TopVia;
        ReadOnlySpan<string?> parts = [r.From.Tag, inviteLike ? null : r.To?.Tag, r.CallId, context.OriginalUri, r.CSeq.Number, via?.Host, via?.Port, via?.Branch];

        // The parts, trimmed, end to end in one buffer and hashed in one call (no hash object per request).
        int length = 0;
        foreach (string? part in parts)
        {
            length += part is null ? 0 : SipText.GetByteCount(Trimmed(part));
        }

        byte[]? rented = length > 1024 ? System.Buffers.ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> buffer = rented ?? stackalloc byte[1024];
        int written = 0;
        foreach (string? part in parts)
        {
            if (part is not null)
            {
                written += SipText.Encode(Trimmed(part), buffer[written..]);
            }
        }

        Md5.HashData(buffer[..written], hash);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }

        return true;
    }

    private static ReadOnlySpan<char> Trimmed(string part) => part.AsSpan().TrimStart(" \t").TrimEnd(" \t\r\n\0");

    private static string FullName(SipHeader header) => HeaderNames.CanonicalName(header.Type) ?? header.Name;

    // Requests with up to this many headers group them in stack memory.
    private const int MaxStackHeaders = 64;

    // Header groups in order of first appearance: known types by type, other headers by case-insensitive name. A
    // request has a few dozen headers: a scan of the groups so far beats building a dictionary. A hostile one can have
    // thousands (a 64 KB datagram of "Xn: a" lines): past ScanLimit groups the lookup goes through a dictionary, or
    // building the environment would grow with the square of the header count (140 ms for 8,000 headers).
    private const int ScanLimit = 16;

    /// <summary>
    /// The groups as three arrays of header indexes, no list per group: each group's first and last header, and for
    /// each header the one before it in its group (members are read first, then from the last back to the second).
    /// </summary>
    private readonly ref struct HeaderGroups
    {
        private readonly ReadOnlySpan<SipHeader> headers;
        private readonly Span<int> firstOf;
        private readonly Span<int> lastOf;
        private readonly Span<int> previous;

        public HeaderGroups(ReadOnlySpan<SipHeader> headers, Span<int> links)
        {
            int n = headers.Length;
            this.headers = headers;
            firstOf = links[..n];
            lastOf = links.Slice(n, n);
            previous = links.Slice(2 * n, n);
            GroupIndex? index = null;
            int count = 0;
            for (int i = 0; i < n; i++)
            {
                SipHeader h = headers[i];
                int g = index?.Find(h) ?? Scan(h, count);
                if (g >= 0)
                {
                    previous[i] = lastOf[g];
                    lastOf[g] = i;
                    continue;
                }

                g = count++;
                firstOf[g] = lastOf[g] = i;
                previous[i] = -1;
                if (index is not null)
                {
                    index.Add(h, g);
                }
                else if (count > ScanLimit)
                {
                    index = new GroupIndex();
                    for (int k = 0; k < count; k++)
                    {
                        index.Add(headers[firstOf[k]], k);
                    }
                }
            }

            Count = count;
        }

        public int Count { get; }

        public SipHeader First(int g) => headers[firstOf[g]];

        public int JoinedLength(int g, bool bashSafety)
        {
            int length = Printed(headers[firstOf[g]], bashSafety).Length;
            for (int i = lastOf[g]; i != firstOf[g]; i = previous[i])
            {
                length += 1 + Printed(headers[i], bashSafety).Length;
            }

            return length;
        }

        // Kamailio inserts each new occurrence right after the first one: first, last, last-1, ..., second.
        public int JoinValues(int g, bool bashSafety, Span<byte> destination)
        {
            ReadOnlySpan<byte> value = Printed(headers[firstOf[g]], bashSafety);
            value.CopyTo(destination);
            int written = value.Length;
            for (int i = lastOf[g]; i != firstOf[g]; i = previous[i])
            {
                destination[written++] = (byte)',';
                value = Printed(headers[i], bashSafety);
                value.CopyTo(destination[written..]);
                written += value.Length;
            }

            return written;
        }

        private int Scan(SipHeader h, int count)
        {
            for (int g = 0; g < count; g++)
            {
                SipHeader first = headers[firstOf[g]];
                if (first.Type == h.Type && (h.Type != HeaderType.Other || first.Name.Equals(h.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    return g;
                }
            }

            return -1;
        }
    }

    /// <summary>The groups by type, and other headers' groups by case-insensitive name.</summary>
    private sealed class GroupIndex
    {
        private readonly Dictionary<HeaderType, int> byType = [];
        private readonly Dictionary<string, int> byName = new(StringComparer.OrdinalIgnoreCase);

        public int Find(SipHeader h)
            => (h.Type == HeaderType.Other ? byName.TryGetValue(h.Name, out int g) : byType.TryGetValue(h.Type, out g)) ? g : -1;

        public void Add(SipHeader first, int g)
        {
            if (first.Type == HeaderType.Other)
            {
                byName.Add(first.Name, g);
            }
            else
            {
                byType.Add(first.Type, g);
            }
        }
    }

    private static ReadOnlySpan<byte> Printed(SipHeader header, bool bashSafety)
    {
        ReadOnlySpan<byte> value = TruncateAtNul(header.RawValue.Span);
        return bashSafety ? BashSafe(value) : value;
    }

    // bash_safety=1: a value of at least 4 bytes that starts with "() {" loses its first two bytes (Shellshock).
    private static ReadOnlySpan<byte> BashSafe(ReadOnlySpan<byte> value)
        => value.Length >= 4 && value.StartsWith("() {"u8) ? value[2..] : value;

    private static ReadOnlySpan<byte> TruncateAtNul(ReadOnlySpan<byte> value)
    {
        int nul = value.IndexOf((byte)0);
        return nul < 0 ? value : value[..nul];
    }

    /// <summary>Formats the variables as <c>NAME=value</c> lines (values as text), for display.</summary>
    public static string Format(IEnumerable<SipEnvironmentVariable> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var sb = new StringBuilder();
        foreach (SipEnvironmentVariable v in variables)
        {
            sb.Append(v.Name).Append('=').Append(v.ValueText).Append('\n');
        }

        return sb.ToString();
    }

    private interface IVariableSink
    {
        /// <summary>Starts a variable: room for a value of at most <paramref name="maxLength"/> bytes.</summary>
        Span<byte> Begin(string name, int maxLength);

        /// <summary>Ends it: the value is the first <paramref name="length"/> bytes written.</summary>
        void Commit(int length);

        /// <summary>Ends it without keeping it.</summary>
        void Cancel();
    }

    private struct ListSink(List<SipEnvironmentVariable> variables) : IVariableSink
    {
        private string name = "";
        private byte[] value = [];

        public readonly List<SipEnvironmentVariable> Variables => variables;

        public Span<byte> Begin(string name, int maxLength)
        {
            this.name = name;
            value = maxLength == 0 ? [] : new byte[maxLength];
            return value;
        }

        public readonly void Commit(int length) => variables.Add(new SipEnvironmentVariable(name, value.AsMemory(0, length)));

        public void Cancel() => value = [];
    }

    private readonly struct BlockSink(EnvironmentBlock block) : IVariableSink
    {
        public Span<byte> Begin(string name, int maxLength) => block.Begin(name, maxLength);

        public void Commit(int length) => block.Commit(length);

        public void Cancel() => block.Cancel();
    }
}
