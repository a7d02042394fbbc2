using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace ExecToolkit.SampleServer;

/// <summary>
/// SIP over TCP (RFC 3261 18.3): messages framed by their Content-Length, requests of one connection routed
/// concurrently (a proxy sends many calls over one connection) with their responses written back on it. Limits: message
/// size, connections, requests in flight per connection (reading waits), an idle time-out between messages and a time
/// limit for a message begun (a peer dribbling bytes cannot hold a connection). A framing error (no or a
/// bad Content-Length, a message over the limit) gets a 400 when one can be routed and closes the connection, since the
/// stream cannot be resynchronised. RFC 5626 keep-alives (CRLF CRLF) are answered with CRLF.
/// </summary>
internal sealed partial class TcpTransport : IDisposable
{
    private static readonly byte[] Pong = "\r\n"u8.ToArray();
    private readonly Socket listener;
    private readonly SampleOptions options;
    private readonly SipServer server;
    private readonly ILogger logger;
    private int connections;

    public TcpTransport(IPEndPoint at, SampleOptions options, SipServer server, ILogger logger)
    {
        this.options = options;
        this.server = server;
        this.logger = logger;
        listener = new Socket(at.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(at);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Open connections.</summary>
    public int Connections => Volatile.Read(ref connections);

    public void Dispose() => listener.Dispose();

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var open = new HashSet<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException)
            {
                continue; // the peer reset the connection before it was accepted
            }

            if (Interlocked.Increment(ref connections) > options.MaxTcpConnections)
            {
                Interlocked.Decrement(ref connections);
                Log(connection.RemoteEndPoint, "over the connection limit (" + options.MaxTcpConnections + ")");
                connection.Dispose();
                continue;
            }

            Task serving = ServeAsync(connection, stoppingToken);
            lock (open)
            {
                open.Add(serving);
            }

            _ = serving.ContinueWith(t => { lock (open) { open.Remove(t); } }, TaskScheduler.Default);
        }

        listener.Dispose();
        Task[] pending;
        lock (open)
        {
            pending = [.. open];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private async Task ServeAsync(Socket socket, CancellationToken stoppingToken)
    {
        EndPoint? remote = socket.RemoteEndPoint;
        var source = remote as IPEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        using var writing = new SemaphoreSlim(1, 1);
        using var slots = new SemaphoreSlim(options.MaxTcpRequestsInFlight, options.MaxTcpRequestsInFlight);
        var inFlight = new List<Task>();
        byte[] buffer = new byte[options.MaxMessageBytes];
        int filled = 0;
        long partialSince = 0;
        string reason = "closed by the peer";
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    reason = "a message over " + options.MaxMessageBytes + " bytes";
                    await SendAsync(socket, writing, BadRequest.Create(buffer, 513, "Message Too Large"), stoppingToken).ConfigureAwait(false);
                    break;
                }

                // Between messages the connection may stay idle for TcpIdleTimeout; a message begun must be complete
                // within TcpMessageTimeout of its first byte, however slowly its bytes come.
                if (filled == 0)
                {
                    partialSince = 0;
                }
                else if (partialSince == 0)
                {
                    partialSince = Environment.TickCount64;
                }

                TimeSpan wait = filled == 0
                    ? options.TcpIdleTimeout
                    : options.TcpMessageTimeout - TimeSpan.FromMilliseconds(Environment.TickCount64 - partialSince);
                int n;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    idle.CancelAfter(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
                    try
                    {
                        n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, idle.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        reason = filled == 0
                            ? "idle for " + options.TcpIdleTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s"
                            : "a message not complete " + options.TcpMessageTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s after its first byte";
                        break;
                    }
                }

                if (n == 0)
                {
                    break;
                }

                filled += n;
                int consumed = 0;
                while (true)
                {
                    Frame frame = NextFrame(buffer.AsSpan(consumed, filled - consumed), options.MaxMessageBytes);
                    if (frame.Kind == FrameKind.Incomplete)
                    {
                        break;
                    }

                    if (frame.Kind == FrameKind.KeepAlive)
                    {
                        await SendAsync(socket, writing, Pong, stoppingToken).ConfigureAwait(false);
                    }
                    else if (frame.Kind == FrameKind.Bad)
                    {
                        reason = frame.Problem!;
                        await SendAsync(socket, writing, BadRequest.Create(buffer.AsSpan(consumed, filled - consumed), frame.Status, frame.Reason!), stoppingToken).ConfigureAwait(false);
                        return;
                    }
                    else if (frame.Kind == FrameKind.Message)
                    {
                        byte[] message = buffer.AsSpan(consumed, frame.Length).ToArray();
                        await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                        inFlight.RemoveAll(t => t.IsCompleted);
                        inFlight.Add(RouteAsync(socket, writing, slots, message, source, stoppingToken));
                    }

                    consumed += frame.Length;
                }

                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
                if (consumed > 0)
                {
                    partialSince = 0; // what is left, if anything, is a new message: its time starts now
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            reason = "server stopping";
        }
        catch (SocketException e)
        {
            reason = e.SocketErrorCode.ToString();
        }
        finally
        {
            // Requests already read are answered (a peer that half-closed still reads), then the connection closes.
            await Task.WhenAll(inFlight).ConfigureAwait(false);
            socket.Dispose();
            Interlocked.Decrement(ref connections);
            Log(remote, reason);
        }
    }

    private async Task RouteAsync(Socket socket, SemaphoreSlim writing, SemaphoreSlim slots, byte[] message, IPEndPoint source, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Yield(); // the read loop goes on while this request is routed
            byte[]? reply = await server.HandleAsync(message, source, "tcp", stoppingToken).ConfigureAwait(false);
            await SendAsync(socket, writing, reply, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The peer went away before its response: nothing to send it to.
        }
        finally
        {
            slots.Release();
        }
    }

    private static async Task SendAsync(Socket socket, SemaphoreSlim writing, byte[]? data, CancellationToken cancellationToken)
    {
        if (data is null)
        {
            return;
        }

        await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int sent = 0;
            while (sent < data.Length)
            {
                sent += await socket.SendAsync(data.AsMemory(sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            writing.Release();
        }
    }

    private void Log(EndPoint? remote, string reason) => Closed(logger, remote, reason);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "tcp connection from {Remote} closed: {Reason}")]
    private static partial void Closed(ILogger logger, EndPoint? remote, string reason);

    internal enum FrameKind
    {
        Incomplete,
        KeepAlive,
        Skip,
        Message,
        Bad,
    }

    internal readonly record struct Frame(FrameKind Kind, int Length, string? Problem = null, string? Reason = null, int Status = 400);

    /// <summary>The next frame at the start of <paramref name="data"/>.</summary>
    internal static Frame NextFrame(ReadOnlySpan<byte> data, int maxMessageBytes)
    {
        if (data.StartsWith("\r\n\r\n"u8))
        {
            return new Frame(FrameKind.KeepAlive, 4);
        }

        if (data.StartsWith("\r\n"u8))
        {
            // A CRLF between messages (RFC 3261 7.5 lets them be ignored), or the start of a keep-alive.
            return data.Length < 4 && "\r\n\r\n"u8.StartsWith(data) ? new Frame(FrameKind.Incomplete, 0) : new Frame(FrameKind.Skip, 2);
        }

        int end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return data.Length >= maxMessageBytes
                ? new Frame(FrameKind.Bad, 0, "headers over " + maxMessageBytes + " bytes", "Message Too Large", 513)
                : new Frame(FrameKind.Incomplete, 0);
        }

        int headerLength = end + 4;
        int? contentLength = null;
        foreach (string line in Encoding.Latin1.GetString(data[..end]).Split("\r\n"))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            string name = line[..colon].Trim();
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !name.Equals("l", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (contentLength is not null || !int.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            {
                return new Frame(FrameKind.Bad, 0, "a Content-Length that is not one number", "Bad Content-Length");
            }

            contentLength = value;
        }

        if (contentLength is null)
        {
            return new Frame(FrameKind.Bad, 0, "no Content-Length (required over TCP)", "Missing Content-Length");
        }

        if ((long)headerLength + contentLength.Value > maxMessageBytes)
        {
            return new Frame(FrameKind.Bad, 0, "a message over " + maxMessageBytes + " bytes", "Message Too Large", 513);
        }

        return headerLength + contentLength.Value <= data.Length
            ? new Frame(FrameKind.Message, headerLength + contentLength.Value)
            : new Frame(FrameKind.Incomplete, 0);
    }
}
