using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ExecToolkit.Sip;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExecToolkit.SampleServer;

/// <summary>
/// A stateless SIP redirect server over UDP and TCP: receive, parse, route, reply. INVITE: exec_dset lookup, then 302
/// with one Contact per destination (404 when the user is unknown, 400 for a value the shell must not see, 487 when a
/// CANCEL stopped it, 500 when the lookup failed, 503 when the exec queue is full); CANCEL: 200 when it stops a lookup
/// in progress, else 481; ACK: absorbed; MESSAGE: exec_msg archive, then 200; REGISTER: exec_avp expiry, then 200;
/// OPTIONS: 200. A request the parser refuses gets 400 when a response can be routed and is dropped otherwise; every
/// failure of a handler is answered 500 and logged. Nothing a peer sends can end the server.
/// </summary>
public sealed partial class SipServer(SipExec exec, IOptions<SampleOptions> options, ILogger<SipServer> logger) : BackgroundService
{
    private const string Allow = "Allow: INVITE, ACK, CANCEL, OPTIONS, MESSAGE, REGISTER";

    // INVITEs whose lookup is running, by transaction (RFC 3261 17.2.3: top Via branch and sent-by; Call-ID and CSeq
    // number for branches without the magic cookie): what a CANCEL stops.
    private readonly ConcurrentDictionary<string, CancellationTokenSource> lookups = new(StringComparer.Ordinal);
    private long received;
    private long malformed;
    private long badRequests;
    private long failures;
    private Socket? udp;
    private TcpTransport? tcp;

    /// <summary>Messages received (datagrams and TCP messages).</summary>
    public long Received => Interlocked.Read(ref received);

    /// <summary>Messages dropped: no response could be routed (no request line or no Via that parses).</summary>
    public long Malformed => Interlocked.Read(ref malformed);

    /// <summary>Requests answered 400.</summary>
    public long BadRequests => Interlocked.Read(ref badRequests);

    /// <summary>Requests answered 500 because a handler threw.</summary>
    public long Failures => Interlocked.Read(ref failures);

    /// <summary>The bound UDP address, once listening.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Binds the sockets: a start fails here (port in use, address not local), before the host reports it started.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        SampleOptions o = options.Value;
        IPEndPoint listen = SampleOptions.ParseListen(o.Listen);
        if (o.Udp)
        {
            udp = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(listen);
            LocalEndPoint = (IPEndPoint)udp.LocalEndPoint!;
            Log.Listening(logger, "udp", LocalEndPoint);
        }

        if (o.Tcp)
        {
            // The same port as UDP (SIP's default port is both): with port 0, the one UDP got.
            var at = new IPEndPoint(listen.Address, LocalEndPoint?.Port ?? listen.Port);
            tcp = new TcpTransport(at, o, this, logger);
            LocalEndPoint ??= tcp.LocalEndPoint;
            Log.Listening(logger, "tcp", tcp.LocalEndPoint);
        }

        ExecOptions e = exec.Options;
        int workers = o.Workers ?? Math.Min(8, e.MaxConcurrency);
        string scripts = Environment.GetEnvironmentVariable("EXEC_SAMPLE_DIR") ?? "";
        string archive = Environment.GetEnvironmentVariable("EXEC_SAMPLE_ARCHIVE") ?? "";
        Log.Settings(logger, e.TimeToKill, e.MaxConcurrency, workers, scripts, archive);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = new List<Task>();
        if (tcp is not null)
        {
            loops.Add(tcp.RunAsync(stoppingToken));
        }

        if (udp is not null)
        {
            int workers = options.Value.Workers ?? Math.Min(8, exec.Options.MaxConcurrency);
            loops.Add(workers > 0 ? RunWorkersAsync(udp, workers, stoppingToken) : RunUdpAsync(udp, stoppingToken));
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
        Log.Stopped(logger, Received, Malformed, BadRequests, Failures);
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        udp?.Dispose();
        tcp?.Dispose();
        base.Dispose();
    }

    private async Task RunUdpAsync(Socket socket, CancellationToken stoppingToken)
    {
        var inFlight = new HashSet<Task>();
        var buffer = new byte[65535];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stoppingToken.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try
            {
                r = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException)
            {
                continue; // an ICMP error for an earlier reply (ECONNREFUSED) surfaces here
            }

            byte[] datagram = buffer.AsSpan(0, r.ReceivedBytes).ToArray();
            var source = (IPEndPoint)r.RemoteEndPoint;
            Task task = HandleUdpAsync(socket, datagram, source, stoppingToken);
            lock (inFlight)
            {
                inFlight.Add(task);
            }

            _ = task.ContinueWith(t => { lock (inFlight) { inFlight.Remove(t); } }, TaskScheduler.Default);
        }

        Task[] pending;
        lock (inFlight)
        {
            pending = [.. inFlight];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    // Kamailio's model: each worker blocks in recvfrom, routes what it got (its commands run on it) and replies.
    private async Task RunWorkersAsync(Socket socket, int count, CancellationToken stoppingToken)
    {
        var threads = new Thread[count];
        for (int i = 0; i < count; i++)
        {
            threads[i] = new Thread(() => Work(socket, stoppingToken)) { IsBackground = true, Name = "sip worker " + i };
            threads[i].Start();
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        // Closing the socket ends the receives; a worker finishes the request it has first.
        socket.Close();
        foreach (Thread thread in threads)
        {
            thread.Join();
        }
    }

    private void Work(Socket socket, CancellationToken stoppingToken)
    {
        using IDisposable worker = ExecWorkerThread.Enter();
        var buffer = new byte[65535];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stoppingToken.IsCancellationRequested)
        {
            EndPoint remote = any;
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, ref remote);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (stoppingToken.IsCancellationRequested || e is ObjectDisposedException)
                {
                    return;
                }

                continue;
            }

            var source = (IPEndPoint)remote;
            try
            {
                // Completes here: the commands run on this thread. Sends stay synchronous too, as an asynchronous one
                // would turn the socket non-blocking and route every receive through the socket event thread.
                byte[]? reply = HandleAsync(buffer.AsSpan(0, length).ToArray(), source, "udp", stoppingToken).GetAwaiter().GetResult();
                if (reply is not null)
                {
                    socket.SendTo(reply, source);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                Log.SendFailed(logger, source, e.Message);
            }
        }
    }

    private async Task HandleUdpAsync(Socket socket, byte[] datagram, IPEndPoint source, CancellationToken cancellationToken)
    {
        try
        {
            byte[]? reply = await HandleAsync(datagram, source, "udp", cancellationToken).ConfigureAwait(false);
            if (reply is not null)
            {
                await socket.SendToAsync(reply, SocketFlags.None, source, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Log.SendFailed(logger, source, e.Message);
        }
    }

    /// <summary>
    /// One message in, at most one response out, whatever the message holds: the response to send, or null (an ACK, a
    /// retransmission of an INVITE being looked up, or a message no response can be routed for, counted and dropped).
    /// </summary>
    internal async Task<byte[]?> HandleAsync(byte[] message, IPEndPoint source, string transport, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref received);
        try
        {
            return await HandleCoreAsync(message, source, transport, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // A bug of ours outside the handlers (parsing, refusing): the message is dropped, the server goes on.
            Interlocked.Increment(ref failures);
            Log.MessageFailed(logger, source, e);
            return null;
        }
    }

    private async Task<byte[]?> HandleCoreAsync(byte[] message, IPEndPoint source, string transport, CancellationToken cancellationToken)
    {
        SipRequest request;
        try
        {
            request = SipRequest.Parse(message, SipParseMode.Lenient);
        }
        catch (SipParseException e)
        {
            return Refuse(message, source, e.Message, "Bad Request");
        }

        if (request.HeaderError is SipParseException headerError)
        {
            return Refuse(message, source, headerError.Message, "Bad Header");
        }

        foreach (SipHeader header in request.Headers)
        {
            // The SIP grammar has no control characters in header values (HTAB aside); echoing one back in a response,
            // or handing it to a script, helps no one.
            if (header.Value.AsSpan().IndexOfAnyInRange('\0', '\x08') >= 0 || header.Value.AsSpan().IndexOfAnyInRange('\x0a', '\x1f') >= 0 || header.Value.Contains('\x7f', StringComparison.Ordinal))
            {
                return Refuse(message, source, "a control character in " + header.Name, "Bad Header");
            }
        }

        if (request.CSeq is { } cseq && !string.Equals(cseq.Method, request.Method, StringComparison.Ordinal))
        {
            return Refuse(message, source, "CSeq method " + cseq.Method + " for a " + request.Method, "CSeq Method Mismatch");
        }

        var context = new RequestContext(request, source, transport, LocalEndPoint);
        try
        {
            return await RouteAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref failures);
            Log.HandlerFailed(logger, request.Method, source, e);
            return request.Method == "ACK" ? null : SipReply.Create(request, 500, "Server Internal Error");
        }
    }

    private byte[]? Refuse(byte[] message, IPEndPoint source, string problem, string reason)
    {
        byte[]? reply = BadRequest.Create(message, reason);
        Interlocked.Increment(ref reply is null ? ref malformed : ref badRequests);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            string printable = Printable(problem);
            if (reply is null)
            {
                Log.Dropped(logger, source, printable);
            }
            else
            {
                Log.BadRequest(logger, source, printable);
            }
        }

        return reply;
    }

    /// <summary>Routes one parsed request; null when nothing is sent back.</summary>
    public async Task<byte[]?> RouteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        SipRequest request = context.Request;
        switch (request.Method)
        {
            case "ACK":
                return null; // the ACK of our 3xx-6xx: a stateless server absorbs it
            case "OPTIONS":
                return SipReply.Create(request, 200, "OK", [Allow]);
            case "CANCEL":
                if (lookups.TryGetValue(TransactionKey(request), out CancellationTokenSource? lookup))
                {
                    await lookup.CancelAsync().ConfigureAwait(false);
                    return SipReply.Create(request, 200, "OK");
                }

                return SipReply.Create(request, 481, "Call/Transaction Does Not Exist");
            case "INVITE":
                return await InviteAsync(context, cancellationToken).ConfigureAwait(false);
            case "MESSAGE":
                ExecResult archived = await Routing.ArchiveAsync(exec, context, cancellationToken).ConfigureAwait(false);
                return archived.Succeeded ? SipReply.Create(request, 200, "OK") : Failed(request, archived, "Archive");
            case "REGISTER":
                AvpResult expires = await Routing.ExpiresAsync(exec, context, cancellationToken).ConfigureAwait(false);
                if (!expires.Succeeded || expires.Assignments.Count == 0)
                {
                    return Failed(request, expires, "Registrar");
                }

                var headers = new List<string> { "Expires: " + expires.Assignments[0].Value };
                if (request.GetHeader(HeaderType.Contact) is SipHeader contact)
                {
                    headers.Add("Contact: " + contact.Value);
                }

                return SipReply.Create(request, 200, "OK", headers);
            default:
                return SipReply.Create(request, 405, "Method Not Allowed", [Allow]);
        }
    }

    private async Task<byte[]?> InviteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        SipRequest request = context.Request;
        string key = TransactionKey(request);
        using var lookup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (!lookups.TryAdd(key, lookup))
        {
            return null; // a retransmission while the lookup runs: its response answers both
        }

        DsetResult dset;
        try
        {
            dset = await Routing.LookupAsync(exec, context, lookup.Token).ConfigureAwait(false);
        }
        finally
        {
            lookups.TryRemove(key, out _);
        }

        if (dset.Failure == ExecFailure.Canceled && !cancellationToken.IsCancellationRequested)
        {
            return SipReply.Create(request, 487, "Request Terminated");
        }

        if (dset.Failure is ExecFailure.ExitStatus or ExecFailure.NoOutput)
        {
            return SipReply.Create(request, 404, "Not Found");
        }

        if (!dset.Succeeded)
        {
            return Failed(request, dset, "Lookup");
        }

        var contacts = new List<string> { "Contact: <" + context.CurrentUri + ">" };
        foreach (Branch branch in context.Branches)
        {
            contacts.Add("Contact: <" + branch.Uri + ">");
        }

        return SipReply.Create(request, 302, "Moved Temporarily", contacts);
    }

    // The response to a failed exec call: the request's fault (400), load (503), or ours (500).
    private byte[] Failed(SipRequest request, ExecResult result, string what)
    {
        switch (result.Failure)
        {
            case ExecFailure.UnsafeValue or ExecFailure.EnvironmentUnavailable:
                Interlocked.Increment(ref badRequests);
                return SipReply.Create(request, 400, "Bad Request");
            case ExecFailure.Rejected:
                // Too many commands in flight and the queue is full: shed load the SIP way.
                return SipReply.Create(request, 503, "Service Unavailable", ["Retry-After: 1"]);
            default:
                Log.ExecFailed(logger, request.Method, result.Failure, result.ExitCode, result.Stderr is null ? "" : Printable(result.Stderr));
                return SipReply.Create(request, 500, what + (result.TimedOut ? " Timed Out" : " Failed"));
        }
    }

    private static string TransactionKey(SipRequest request)
    {
        ViaHeader? via = request.TopVia;
        return via?.Branch + "|" + via?.Host + ":" + via?.Port + "|" + request.CallId + "|" + request.CSeq?.Number;
    }

    // Request text in a log line: control characters escaped, so a value cannot forge a line.
    internal static string Printable(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        foreach (char c in text.Length > 300 ? text[..300] : text)
        {
            sb.Append(c < ' ' || c == '\x7f' || char.IsSurrogate(c) ? "\\x" + ((int)c & 0xFF).ToString("x2", System.Globalization.CultureInfo.InvariantCulture) : c.ToString());
        }

        return sb.ToString();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "listening on {Transport}:{EndPoint}")]
        public static partial void Listening(ILogger logger, string transport, IPEndPoint endPoint);

        [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "dropped a message from {Source} no response can be routed for: {Problem}")]
        public static partial void Dropped(ILogger logger, IPEndPoint source, string problem);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "could not reply to {Source}: {Problem}")]
        public static partial void SendFailed(ILogger logger, IPEndPoint source, string problem);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "stopped after {Received} messages ({Malformed} dropped, {BadRequests} answered 400, {Failures} handler failures)")]
        public static partial void Stopped(ILogger logger, long received, long malformed, long badRequests, long failures);

        [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "answered 400 to {Source}: {Problem}")]
        public static partial void BadRequest(ILogger logger, IPEndPoint source, string problem);

        [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "the {Method} handler failed for {Source}; answered 500")]
        public static partial void HandlerFailed(ILogger logger, string method, IPEndPoint source, Exception exception);

        [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "time to kill {TimeToKill}, concurrency {Concurrency}, workers {Workers}, scripts {Scripts}, archive {Archive}")]
        public static partial void Settings(ILogger logger, TimeSpan timeToKill, int concurrency, int workers, string scripts, string archive);

        [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "a message from {Source} could not be handled; dropped")]
        public static partial void MessageFailed(ILogger logger, IPEndPoint source, Exception exception);

        [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "{Method}: the command failed ({Failure}, exit {ExitCode}); answered 500. {Stderr}")]
        public static partial void ExecFailed(ILogger logger, string method, ExecFailure failure, int? exitCode, string stderr);

    }
}
