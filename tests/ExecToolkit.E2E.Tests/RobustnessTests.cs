using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ExecToolkit.Sip;

namespace ExecToolkit.E2E.Tests;

/// <summary>
/// What the sample server answers to what a hostile or broken peer sends, over UDP and TCP, sent as raw bytes: every
/// request gets the response RFC 3261 asks for (400 where one can be routed, 481, 487, 405), nothing is answered that
/// cannot be, and nothing ends or stalls the server.
/// </summary>
[Collection("sample server")]
public sealed class RobustnessTests(SampleServerFixture server)
{
    private static string Request(string method = "INVITE", string uri = "sip:bob@127.0.0.1", string? omit = null, string extra = "", string branch = "z9hG4bK-r1", string cseqMethod = "")
    {
        var lines = new List<string>
        {
            method + " " + uri + " SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=" + branch,
            "From: <sip:caller@127.0.0.1>;tag=f1",
            "To: <sip:bob@127.0.0.1>",
            "Call-ID: robust-" + branch,
            "CSeq: 1 " + (cseqMethod.Length > 0 ? cseqMethod : method),
            "Max-Forwards: 70",
        };
        lines.RemoveAll(l => omit is not null && l.StartsWith(omit + ":", StringComparison.Ordinal));
        return string.Join("\r\n", lines) + "\r\n" + extra + "Content-Length: 0\r\n\r\n";
    }

    private string? Udp(string message, int waitMs = 3000) => Udp(Encoding.UTF8.GetBytes(message), waitMs);

    private string? Udp(byte[] message, int waitMs = 3000)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.ReceiveTimeout = waitMs;
        socket.SendTo(message, new IPEndPoint(IPAddress.Loopback, server.Port));
        var buffer = new byte[65535];
        try
        {
            int n = socket.Receive(buffer);
            return Encoding.UTF8.GetString(buffer, 0, n);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return null;
        }
    }

    private static string Status(string? response) => response is null ? "none" : response[..response.IndexOf("\r\n", StringComparison.Ordinal)];

    private void AssertAlive()
    {
        Assert.False(server.HasExited, "the server ended:\n" + server.Log);
        Assert.Equal("SIP/2.0 200 OK", Status(Udp(Request("OPTIONS", branch: "z9hG4bK-alive-" + Guid.NewGuid().ToString("N")))));
    }

    [Theory]
    [InlineData("Call-ID")]
    [InlineData("CSeq")]
    [InlineData("From")]
    [InlineData("To")]
    public void A_request_without_a_mandatory_header_gets_400_routed_by_its_Via(string header)
    {
        string? response = Udp(Request(omit: header, branch: "z9hG4bK-no-" + header));

        Assert.StartsWith("SIP/2.0 400 ", response, StringComparison.Ordinal);
        Assert.Contains("Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-no-" + header + "\r\n", response, StringComparison.Ordinal);
        Assert.DoesNotContain(header + ":", response!.Split("\r\n").Skip(1).Select(l => l.Split(' ')[0]));
        AssertAlive();
    }

    [Fact]
    public void A_request_no_response_can_be_routed_for_is_dropped_and_the_server_goes_on()
    {
        Assert.Null(Udp(Request(omit: "Via"), 1000));
        Assert.Null(Udp(Encoding.ASCII.GetBytes("garbage\r\n\r\n"), 1000));
        Assert.Null(Udp(Request().Replace("Via: SIP/2.0/UDP 127.0.0.1:5999", "Via: nonsense", StringComparison.Ordinal), 1000));
        Assert.Null(Udp(Request("ACK", omit: "Call-ID"), 1000)); // an ACK is never answered
        AssertAlive();
    }

    [Fact]
    public void Hostile_values_get_400_not_a_crash_and_never_a_lookup()
    {
        Assert.Equal("SIP/2.0 400 Bad Request", Status(Udp(Encoding.UTF8.GetBytes(Request(uri: "sip:al\0ice@127.0.0.1", branch: "z9hG4bK-nul")))));
        Assert.Equal("SIP/2.0 400 CSeq Method Mismatch", Status(Udp(Request(cseqMethod: "REGISTER", branch: "z9hG4bK-cseq"))));
        Assert.Equal("SIP/2.0 400 Bad Header", Status(Udp(Request(extra: "X Bad Header\r\n", branch: "z9hG4bK-hdr"))));
        AssertAlive();
    }

    [Theory]
    [InlineData("#")]
    [InlineData("alic\\145")]
    [InlineData("alic\\x65")]
    [InlineData("alice%20")]
    [InlineData("user")]
    public void Users_that_only_look_like_directory_entries_are_not_found(string user)
    {
        Assert.Equal("SIP/2.0 404 Not Found", Status(Udp(Request(uri: "sip:" + user + "@127.0.0.1", branch: "z9hG4bK-u" + user.Length))));
    }

    [Theory]
    [InlineData("99999999999999999999", "3600")]
    [InlineData("30", "60")]
    [InlineData("0", "0")]
    [InlineData("abc", "3600")]
    public void Register_gets_the_expiry_bounded(string requested, string granted)
    {
        string? response = Udp(Request("REGISTER", uri: "sip:127.0.0.1", extra: "Expires: " + requested + "\r\nContact: <sip:bob@127.0.0.1:5999>\r\n", branch: "z9hG4bK-reg" + requested));

        Assert.Equal("SIP/2.0 200 OK", Status(response));
        Assert.Contains("\r\nExpires: " + granted + "\r\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancel_without_a_transaction_gets_481_and_ack_nothing()
    {
        Assert.Equal("SIP/2.0 481 Call/Transaction Does Not Exist", Status(Udp(Request("CANCEL", branch: "z9hG4bK-nothing"))));
        Assert.Null(Udp(Request("ACK", branch: "z9hG4bK-ack"), 1000));
        Assert.Equal("SIP/2.0 405 Method Not Allowed", Status(Udp(Request("SUBSCRIBE", branch: "z9hG4bK-sub"))));
    }

    [Fact]
    public void Thousands_of_mutated_datagrams_get_well_formed_answers_or_none_and_the_server_lives()
    {
        byte[] valid = Encoding.ASCII.GetBytes(Request(extra: "X-Account: acme\r\nExpires: 60\r\n"));
        byte[] specials = [0, (byte)'\r', (byte)'\n', 0xFF, 0xC3, (byte)'\'', (byte)'"', (byte)'$', (byte)'`', (byte)';', (byte)':', (byte)'<', (byte)' ', (byte)'\t', (byte)'@'];
        var random = new Random(2026);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new IPEndPoint(IPAddress.Loopback, server.Port);
        var responses = new List<string>();
        var buffer = new byte[65535];
        for (int i = 0; i < 3000; i++)
        {
            var datagram = new List<byte>(valid);
            for (int edits = random.Next(1, 4); edits > 0; edits--)
            {
                int at = random.Next(datagram.Count);
                switch (random.Next(3))
                {
                    case 0:
                        datagram[at] = specials[random.Next(specials.Length)];
                        break;
                    case 1:
                        datagram.Insert(at, specials[random.Next(specials.Length)]);
                        break;
                    default:
                        datagram.RemoveRange(at, Math.Min(random.Next(1, 20), datagram.Count - at));
                        break;
                }
            }

            socket.SendTo(datagram.ToArray(), target);
            while (socket.Available > 0)
            {
                responses.Add(Encoding.UTF8.GetString(buffer, 0, socket.Receive(buffer)));
            }

            if (i % 100 == 0)
            {
                Thread.Sleep(20); // let the server keep up; the point is the contents, not a flood
            }
        }

        Thread.Sleep(3000);
        while (socket.Available > 0)
        {
            responses.Add(Encoding.UTF8.GetString(buffer, 0, socket.Receive(buffer)));
        }

        AssertAlive();
        Assert.NotEmpty(responses);
        Assert.All(responses, r =>
        {
            Assert.Matches(@"^SIP/2\.0 (200|302|400|404|405|481|487|500|503) [A-Za-z /]+\r\n", r);
            Assert.EndsWith("\r\nContent-Length: 0\r\n\r\n", r, StringComparison.Ordinal);
            Assert.DoesNotContain("\0", r, StringComparison.Ordinal);
        });
        Assert.DoesNotContain("Unhandled", server.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tcp_takes_pipelined_requests_keepalives_and_closes_on_a_framing_error()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Port);
        NetworkStream stream = client.GetStream();
        stream.ReadTimeout = 5000;

        // Two requests in one write, and a keep-alive: three answers on the same connection.
        string two = Request(uri: "sip:alice@127.0.0.1", branch: "z9hG4bK-t1").Replace("UDP", "TCP", StringComparison.Ordinal)
            + Request("OPTIONS", branch: "z9hG4bK-t2").Replace("UDP", "TCP", StringComparison.Ordinal);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(two + "\r\n\r\n"));
        string received = await ReadUntilAsync(stream, s => Responses(s).Count == 2 && Leftover(s) == "\r\n");
        Assert.Contains("SIP/2.0 302 Moved Temporarily\r\nVia: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-t1", received, StringComparison.Ordinal);
        Assert.Contains("Contact: <sip:alice@192.0.2.10:5060>\r\nContact: <sip:alice@198.51.100.7:5062;transport=tcp>\r\n", received, StringComparison.Ordinal);
        Assert.Contains("SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-t2", received, StringComparison.Ordinal);

        // A request without Content-Length cannot be framed: 400, then the connection closes.
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Request("OPTIONS", branch: "z9hG4bK-t3").Replace("Content-Length: 0\r\n", "", StringComparison.Ordinal)));
        string last = await ReadUntilAsync(stream, _ => false);
        Assert.StartsWith("SIP/2.0 400 Missing Content-Length\r\n", last, StringComparison.Ordinal);
        AssertAlive();
    }

    [Fact]
    public async Task Tcp_closes_an_idle_connection_and_refuses_a_message_over_the_limit()
    {
        using (var idle = new TcpClient())
        {
            await idle.ConnectAsync(IPAddress.Loopback, server.Port);
            // The fixture's idle time-out is 3 s: the server closes first (a read returns 0), well before this client's 20 s.
            NetworkStream stream = idle.GetStream();
            stream.ReadTimeout = 20_000;
            Assert.Equal(0, await stream.ReadAsync(new byte[16]));
        }

        using var big = new TcpClient();
        await big.ConnectAsync(IPAddress.Loopback, server.Port);
        NetworkStream s = big.GetStream();
        s.ReadTimeout = 5000;
        string huge = Request("MESSAGE", branch: "z9hG4bK-big").Replace("Content-Length: 0", "Content-Length: 100000", StringComparison.Ordinal);
        await s.WriteAsync(Encoding.ASCII.GetBytes(huge));
        string response = await ReadUntilAsync(s, _ => false);
        Assert.StartsWith("SIP/2.0 513 Message Too Large\r\n", response, StringComparison.Ordinal);
        AssertAlive();
    }

    private static List<string> Responses(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"SIP/2\.0 .*?\r\n\r\n", System.Text.RegularExpressions.RegexOptions.Singleline).Select(m => m.Value).ToList();

    // What is left of the stream's text when the responses are taken out: the keep-alive's answer.
    private static string Leftover(string text) => Responses(text).Aggregate(text, (rest, r) => rest.Replace(r, "", StringComparison.Ordinal));

    // Reads until done(text) or the peer closes; fails after 10 s.
    private static async Task<string> ReadUntilAsync(NetworkStream stream, Func<string, bool> done)
    {
        var text = new StringBuilder();
        var buffer = new byte[65535];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!done(text.ToString()))
        {
            int n = await stream.ReadAsync(buffer, timeout.Token);
            if (n == 0)
            {
                break;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }

        return text.ToString();
    }
}

/// <summary>CANCEL of an INVITE whose lookup is running: 200 for the CANCEL, 487 for the INVITE, the command killed.</summary>
public sealed class CancelTests
{
    [Fact]
    public async Task Cancel_stops_a_running_lookup_and_the_invite_gets_487()
    {
        string scripts = Path.Combine(Path.GetTempPath(), "exec-e2e-slow-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scripts);
        string bundled = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples", "ExecToolkit.SampleServer", "scripts");
        foreach (string file in Directory.GetFiles(bundled))
        {
            File.Copy(file, Path.Combine(scripts, Path.GetFileName(file)));
        }

        // A lookup that takes 30 s for the user "slow".
        File.WriteAllText(Path.Combine(scripts, "lookup.sh"), "#!/bin/sh\n[ \"$2\" = slow ] && sleep 30\necho sip:fast@192.0.2.1\n");
        File.SetUnixFileMode(Path.Combine(scripts, "lookup.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            using var server = new SampleServerFixture(["--scripts", scripts, "--time-to-kill", "60s"], null);
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)socket.LocalEndPoint!).Port;
            var target = new IPEndPoint(IPAddress.Loopback, server.Port);
            string Message(string method) =>
                method + " sip:slow@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-slow1\r\n" +
                "From: <sip:caller@127.0.0.1>;tag=c1\r\nTo: <sip:slow@127.0.0.1>\r\nCall-ID: cancel-1\r\nCSeq: 7 " + method + "\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";

            var started = System.Diagnostics.Stopwatch.StartNew();
            socket.SendTo(Encoding.ASCII.GetBytes(Message("INVITE")), target);
            await Task.Delay(500);
            socket.SendTo(Encoding.ASCII.GetBytes(Message("CANCEL")), target);

            var buffer = new byte[65535];
            socket.ReceiveTimeout = 10_000;
            var responses = new List<string> { Encoding.ASCII.GetString(buffer, 0, socket.Receive(buffer)), Encoding.ASCII.GetString(buffer, 0, socket.Receive(buffer)) };

            Assert.Contains(responses, r => r.StartsWith("SIP/2.0 200 OK\r\n", StringComparison.Ordinal) && r.Contains("CSeq: 7 CANCEL\r\n", StringComparison.Ordinal));
            string terminated = Assert.Single(responses, r => r.StartsWith("SIP/2.0 487 Request Terminated\r\n", StringComparison.Ordinal));
            Assert.Contains("CSeq: 7 INVITE\r\n", terminated, StringComparison.Ordinal);
            Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10)); // not the 30 s of the lookup
            Assert.Equal(0, server.Children());

            // The same CANCEL again: the lookup is over, so there is no transaction.
            socket.SendTo(Encoding.ASCII.GetBytes(Message("CANCEL")), target);
            Assert.StartsWith("SIP/2.0 481 ", Encoding.ASCII.GetString(buffer, 0, socket.Receive(buffer)), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(scripts, recursive: true);
        }
    }
}

/// <summary>TCP limits with small values: connections over the limit are closed, a message dribbled byte by byte times out.</summary>
public sealed class TcpLimitTests
{
    [Fact]
    public async Task Connections_over_the_limit_are_closed_and_a_slow_message_cannot_hold_one()
    {
        using var server = new SampleServerFixture(["--transport", "tcp"], new Dictionary<string, string>
        {
            ["Sample__MaxTcpConnections"] = "2",
            ["Sample__TcpMessageTimeout"] = "00:00:02",
        });
        using var first = new TcpClient();
        using var second = new TcpClient();
        using var third = new TcpClient();
        await first.ConnectAsync(IPAddress.Loopback, server.Port);
        await second.ConnectAsync(IPAddress.Loopback, server.Port);
        await Task.Delay(300); // both accepted
        await third.ConnectAsync(IPAddress.Loopback, server.Port);
        using (var closed = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            Assert.Equal(0, await third.GetStream().ReadAsync(new byte[16], closed.Token));
        }

        // The two within the limit still work.
        NetworkStream stream = first.GetStream();
        string options = "OPTIONS sip:ping@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-lim\r\nFrom: <sip:a@127.0.0.1>;tag=1\r\n" +
            "To: <sip:ping@127.0.0.1>\r\nCall-ID: lim\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(options));
        var buffer = new byte[4096];
        using (var answered = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            int n = await stream.ReadAsync(buffer, answered.Token);
            Assert.StartsWith("SIP/2.0 200 OK\r\n", Encoding.ASCII.GetString(buffer, 0, n), StringComparison.Ordinal);
        }

        // A message sent a byte every 300 ms is never idle, but is not complete 2 s after its first byte: closed.
        NetworkStream slow = second.GetStream();
        var started = System.Diagnostics.Stopwatch.StartNew();
        byte[] bytes = Encoding.ASCII.GetBytes(options);
        int sent = 0;
        try
        {
            for (; sent < bytes.Length && started.Elapsed < TimeSpan.FromSeconds(15); sent++)
            {
                await slow.WriteAsync(bytes.AsMemory(sent, 1));
                await Task.Delay(300);
            }
        }
        catch (IOException)
        {
            // the server closed the connection: writes fail
        }

        Assert.True(sent < bytes.Length, "the dribbled message was taken whole");
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(8));
    }
}
