using System;
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
/// A stateless SIP server over UDP: receive, parse, route, reply. INVITE: exec_dset lookup, then 302 with one Contact
/// per destination (404 when the lookup fails, 500 on a time-out); MESSAGE: exec_msg archive, then 200; OPTIONS: 200;
/// REGISTER: exec_avp expiry, then 200. Malformed datagrams are counted and dropped.
/// </summary>
public sealed partial class SipServer(SipExec exec, IOptions<SampleOptions> options, ILogger<SipServer> logger) : BackgroundService
{
    private long received;
    private long malformed;

    /// <summary>Datagrams received.</summary>
    public long Received => Interlocked.Read(ref received);

    /// <summary>Datagrams dropped because they did not parse.</summary>
    public long Malformed => Interlocked.Read(ref malformed);

    /// <summary>The bound address, once listening.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IPEndPoint listen = IPEndPoint.Parse(options.Value.Listen);
        using var socket = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(listen);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        Log.Listening(logger, LocalEndPoint);
        if (options.Value.Workers > 0)
        {
            await RunWorkersAsync(socket, options.Value.Workers, stoppingToken).ConfigureAwait(false);
            return;
        }

        var inFlight = new HashSet<Task>();
        var buffer = new byte[65535];
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                SocketReceiveFromResult r = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(listen.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0), stoppingToken);
                Interlocked.Increment(ref received);
                byte[] datagram = buffer.AsSpan(0, r.ReceivedBytes).ToArray();
                var source = (IPEndPoint)r.RemoteEndPoint;
                Task task = HandleAsync(socket, datagram, source, stoppingToken);
                lock (inFlight)
                {
                    inFlight.Add(task);
                }

                _ = task.ContinueWith(t => { lock (inFlight) { inFlight.Remove(t); } }, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        Task[] pending;
        lock (inFlight)
        {
            pending = [.. inFlight];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        Log.Stopped(logger, Received, Malformed);
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

        Log.Stopped(logger, Received, Malformed);
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

            Interlocked.Increment(ref received);
            var source = (IPEndPoint)remote;
            try
            {
                // Completes here: the commands run on this thread. Sends stay synchronous too, as an asynchronous one
                // would turn the socket non-blocking and route every receive through the socket event thread.
                byte[]? reply = ReplyAsync(buffer.AsSpan(0, length).ToArray(), source, stoppingToken).GetAwaiter().GetResult();
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

    private async Task HandleAsync(Socket socket, byte[] datagram, IPEndPoint source, CancellationToken cancellationToken)
    {
        try
        {
            byte[]? reply = await ReplyAsync(datagram, source, cancellationToken).ConfigureAwait(false);
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

    // Parses and routes one datagram: the reply to send, or null (ACK, or a malformed datagram, counted and dropped).
    private async Task<byte[]?> ReplyAsync(byte[] datagram, IPEndPoint source, CancellationToken cancellationToken)
    {
        if (!SipRequest.TryParse(datagram, out SipRequest? request, out SipParseException? error))
        {
            Interlocked.Increment(ref malformed);
            Log.Malformed(logger, source, error.Message);
            return null;
        }

        return await RouteAsync(new RequestContext(request, source, "udp", LocalEndPoint), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Routes one request; null when nothing is sent back (ACK).</summary>
    public async Task<byte[]?> RouteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        SipRequest request = context.Request;
        switch (request.Method)
        {
            case "ACK":
                return null;
            case "OPTIONS":
                return SipReply.Create(request, 200, "OK", ["Allow: INVITE, ACK, OPTIONS, MESSAGE, REGISTER"]);
            case "INVITE":
                DsetResult dset = await Routing.LookupAsync(exec, context, cancellationToken).ConfigureAwait(false);
                if (dset.TimedOut)
                {
                    return SipReply.Create(request, 500, "Lookup Timed Out");
                }

                if (dset.Failure == ExecFailure.Rejected)
                {
                    // Too many lookups in flight and the queue is full: shed load the SIP way.
                    return SipReply.Create(request, 503, "Service Unavailable", ["Retry-After: 1"]);
                }

                if (!dset.Succeeded)
                {
                    return SipReply.Create(request, 404, "Not Found");
                }

                var contacts = new List<string> { "Contact: <" + context.CurrentUri + ">" };
                foreach (Branch branch in context.Branches)
                {
                    contacts.Add("Contact: <" + branch.Uri + ">");
                }

                return SipReply.Create(request, 302, "Moved Temporarily", contacts);
            case "MESSAGE":
                ExecResult archived = await Routing.ArchiveAsync(exec, context, cancellationToken).ConfigureAwait(false);
                return archived.Succeeded
                    ? SipReply.Create(request, 200, "OK")
                    : SipReply.Create(request, 500, archived.TimedOut ? "Archive Timed Out" : "Archive Failed");
            case "REGISTER":
                AvpResult expires = await Routing.ExpiresAsync(exec, context, cancellationToken).ConfigureAwait(false);
                if (!expires.Succeeded || expires.Assignments.Count == 0)
                {
                    return SipReply.Create(request, 500, "Registrar Failed");
                }

                var headers = new List<string> { "Expires: " + expires.Assignments[0].Value };
                if (request.GetHeader(HeaderType.Contact) is SipHeader contact)
                {
                    headers.Add("Contact: " + contact.Value);
                }

                return SipReply.Create(request, 200, "OK", headers);
            default:
                return SipReply.Create(request, 405, "Method Not Allowed", ["Allow: INVITE, ACK, OPTIONS, MESSAGE, REGISTER"]);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "listening on udp:{EndPoint}")]
        public static partial void Listening(ILogger logger, IPEndPoint endPoint);

        [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "dropped a malformed datagram from {Source}: {Problem}")]
        public static partial void Malformed(ILogger logger, IPEndPoint source, string problem);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "could not reply to {Source}: {Problem}")]
        public static partial void SendFailed(ILogger logger, IPEndPoint source, string problem);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "stopped after {Received} datagrams ({Malformed} malformed)")]
        public static partial void Stopped(ILogger logger, long received, long malformed);
    }
}
