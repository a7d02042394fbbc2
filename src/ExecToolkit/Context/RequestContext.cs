using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using ExecToolkit.Sip;

namespace ExecToolkit;

/// <summary>
/// One request being routed: the parsed message with its original bytes, where it came from, and the routing state
/// that scripts change (Request-URI, destination URI, branches, AVPs, variables, last return code).
/// </summary>
public sealed class RequestContext
{
    private string? newUri;
    private ParsedUri? currentUriCache;
    private ParsedUri? originalUriCache;

    // Made when first used: most requests never touch some of them.
    private List<Branch>? branches;
    private AvpStore? avps;
    private VarStore? vars;

    /// <summary>Creates a context for a parsed request.</summary>
    /// <param name="request">The parsed request.</param>
    /// <param name="source">Where the request came from; 127.0.0.1:5060 when null.</param>
    /// <param name="transport">The receive transport, lower case (<c>udp</c>, <c>tcp</c>, <c>tls</c>, ...).</param>
    /// <param name="local">The address and port it was received on; 127.0.0.1:5060 when null.</param>
    public RequestContext(SipRequest request, IPEndPoint? source = null, string transport = "udp", IPEndPoint? local = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(transport);
        Request = request;
        Source = source ?? new IPEndPoint(IPAddress.Loopback, 5060);
        Local = local ?? new IPEndPoint(IPAddress.Loopback, 5060);
        Transport = transport.ToLowerInvariant();
    }

    /// <summary>Parses the bytes of a request and creates its context. Throws <see cref="SipParseException"/>.</summary>
    public static RequestContext Parse(ReadOnlyMemory<byte> message, IPEndPoint? source = null, string transport = "udp", IPEndPoint? local = null)
        => new(SipRequest.Parse(message), source, transport, local);

    /// <summary>
    /// Parses with a <see cref="SipParseMode"/>: in <see cref="SipParseMode.Lenient"/> mode a request whose later headers
    /// do not parse is still routed, as in Kamailio, and the exec functions that need the environment return -1.
    /// </summary>
    public static RequestContext Parse(ReadOnlyMemory<byte> message, SipParseMode mode, IPEndPoint? source = null, string transport = "udp", IPEndPoint? local = null)
        => new(SipRequest.Parse(message, mode), source, transport, local);

    /// <summary>The parsed request; its <see cref="SipRequest.Raw"/> bytes are what exec_msg writes.</summary>
    public SipRequest Request { get; }

    /// <summary>The source address and port (<c>$si</c>, <c>$sp</c>, <c>SIP_SRCIP</c>).</summary>
    public IPEndPoint Source { get; }

    /// <summary>The local address and port the request arrived on (<c>$Ri</c>, <c>$Rp</c>).</summary>
    public IPEndPoint Local { get; }

    /// <summary>The receive transport, lower case (<c>$pr</c>).</summary>
    public string Transport { get; }

    /// <summary>The Request-URI of the first line, as received (<c>$ou</c>, <c>SIP_ORUI</c>).</summary>
    public string OriginalUri => Request.RequestUri;

    /// <summary>The Request-URI set by routing (Kamailio's <c>new_uri</c>), or null. Not validated, as in Kamailio.</summary>
    public string? NewUri
    {
        get => newUri;
        set => newUri = value;
    }

    /// <summary>The current Request-URI: <see cref="NewUri"/> when set and not empty, else the original (<c>$ru</c>).</summary>
    public string CurrentUri => string.IsNullOrEmpty(newUri) ? Request.RequestUri : newUri;

    /// <summary>
    /// The current Request-URI parsed, or null when it does not parse; remembered until the URI changes, so the
    /// pseudo-variables of one template (<c>$rU</c>, <c>$rd</c>, ...) parse it once; while routing has not changed it, it
    /// is the original's parse (the environment reads both).
    /// </summary>
    internal SipUri? CurrentUriParsed => CurrentUri is var current && ReferenceEquals(current, OriginalUri) ? OriginalUriParsed : Parse(ref currentUriCache, current);

    /// <summary>The original Request-URI parsed (once), or null when it does not parse.</summary>
    internal SipUri? OriginalUriParsed => Parse(ref originalUriCache, OriginalUri);

    /// <summary>The destination URI (<c>$du</c>), or null.</summary>
    public string? DestinationUri { get; set; }

    /// <summary>The q value of the Request-URI branch in thousandths, or null.</summary>
    public int? RequestUriQ { get; set; }

    /// <summary>The additional branches, in order (<c>$br</c>, <c>$bR</c>, <c>$ds</c>).</summary>
    public IList<Branch> Branches => branches ??= [];

    /// <summary>The AVPs of this request.</summary>
    public AvpStore Avps => avps ??= new();

    /// <summary>The script variables (<c>$var(name)</c>).</summary>
    public VarStore Vars
    {
        get => vars ??= new();
        init => vars = value;
    }

    /// <summary>The return code of the last function (<c>$rc</c>, <c>$?</c>).</summary>
    public int ReturnCode { get; set; } = 1;

    /// <summary>The process id <c>$pp</c> prints; the current process by default.</summary>
    public int ProcessId { get; init; } = Environment.ProcessId;

    /// <summary>Reads the server's own environment for <c>$env(NAME)</c>; the current process's by default.</summary>
    public Func<string, string?> EnvironmentReader { get; init; } = Environment.GetEnvironmentVariable;

    // One object per parse, swapped in whole, so readers on other threads never pair a URI with another's parse.
    private static SipUri? Parse(ref ParsedUri? cache, string text)
    {
        ParsedUri? cached = Volatile.Read(ref cache);
        if (cached is null || !ReferenceEquals(cached.Text, text))
        {
            cached = new ParsedUri(text, SipUri.TryParse(text, out SipUri? u) ? u : null);
            Volatile.Write(ref cache, cached);
        }

        return cached.Uri;
    }

    private sealed record ParsedUri(string Text, SipUri? Uri);
}
