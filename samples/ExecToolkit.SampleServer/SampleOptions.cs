using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace ExecToolkit.SampleServer;

/// <summary>The sample server's settings (section <c>Sample</c>).</summary>
public sealed class SampleOptions
{
    /// <summary>Address and port to listen on (<c>IP:PORT</c>, <c>[IPv6]:PORT</c> or <c>host:PORT</c>; the port defaults to 5060).</summary>
    public string Listen { get; set; } = "127.0.0.1:5060";

    /// <summary>Listen on UDP.</summary>
    public bool Udp { get; set; } = true;

    /// <summary>Listen on TCP, on the same port (RFC 3261 18: every element implements both).</summary>
    public bool Tcp { get; set; } = true;

    /// <summary>Folder of lookup.sh, archive.sh, expires.sh and directory.txt; the bundled <c>scripts</c> folder when empty.</summary>
    public string ScriptFolder { get; set; } = "";

    /// <summary>Where archive.sh stores MESSAGE requests; when empty, <see cref="DefaultArchiveFolder"/>.</summary>
    public string ArchiveFolder { get; set; } = "";

    /// <summary>
    /// Worker threads that each receive UDP, route and reply, running their commands on themselves, as Kamailio's
    /// children do (at most <c>Exec:MaxConcurrency</c>); 0 receives asynchronously, runs commands on ExecToolkit's shell
    /// threads and answers 503 when the exec queue is full. Unset: 8, or the exec concurrency when that is lower.
    /// </summary>
    public int? Workers { get; set; }

    /// <summary>Open TCP connections at most; more are closed at once.</summary>
    public int MaxTcpConnections { get; set; } = 1024;

    /// <summary>Requests of one TCP connection routed at once; reading the connection waits beyond.</summary>
    public int MaxTcpRequestsInFlight { get; set; } = 64;

    /// <summary>A TCP connection that sends nothing for this long is closed.</summary>
    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A TCP message begun must be complete this long after its first byte, however slowly its bytes come.</summary>
    public TimeSpan TcpMessageTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest message taken over TCP (a UDP datagram is at most 65,507 bytes anyway).</summary>
    public int MaxMessageBytes { get; set; } = 65535;

    /// <summary>
    /// The archive folder when none is set: <c>$STATE_DIRECTORY/archive</c> under systemd's <c>StateDirectory=</c>, else
    /// <c>$XDG_STATE_HOME/exec-sample-server/archive</c>, else <c>~/.local/state/exec-sample-server/archive</c>.
    /// </summary>
    public static string DefaultArchiveFolder()
    {
        string? systemd = Environment.GetEnvironmentVariable("STATE_DIRECTORY")?.Split(':')[0];
        if (!string.IsNullOrEmpty(systemd))
        {
            return Path.Combine(systemd, "archive");
        }

        string? state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(state) || !Path.IsPathRooted(state))
        {
            state = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        }

        return Path.Combine(state, "exec-sample-server", "archive");
    }

    /// <summary>What is wrong with these settings, one line each (empty when nothing is).</summary>
    public string[] Problems(int execConcurrency)
    {
        var problems = new System.Collections.Generic.List<string>();
        try
        {
            _ = ParseListen(Listen);
        }
        catch (FormatException e)
        {
            problems.Add("Sample:Listen: " + e.Message);
        }

        if (!Udp && !Tcp)
        {
            problems.Add("Sample:Udp and Sample:Tcp are both off: nothing to listen on");
        }

        if (Workers is int w && (w < 0 || w > execConcurrency))
        {
            problems.Add("Sample:Workers: must be 0 to the exec concurrency (" + execConcurrency + "), got " + w);
        }

        if (MaxTcpConnections < 1 || MaxTcpRequestsInFlight < 1)
        {
            problems.Add("Sample:MaxTcpConnections and Sample:MaxTcpRequestsInFlight: must be at least 1");
        }

        if (TcpIdleTimeout <= TimeSpan.Zero || TcpMessageTimeout <= TimeSpan.Zero)
        {
            problems.Add("Sample:TcpIdleTimeout and Sample:TcpMessageTimeout: must be positive, got " + TcpIdleTimeout + " and " + TcpMessageTimeout);
        }

        if (MaxMessageBytes < 1024)
        {
            problems.Add("Sample:MaxMessageBytes: must be at least 1024, got " + MaxMessageBytes);
        }

        return [.. problems];
    }

    /// <summary>Parses a listen address; a host name is resolved (IPv4 first).</summary>
    /// <exception cref="FormatException">Not an address.</exception>
    public static IPEndPoint ParseListen(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IPAddress.TryParse(text, out IPAddress? bare) && !text.Contains(':', StringComparison.Ordinal))
        {
            return new IPEndPoint(bare, 5060);
        }

        if (IPEndPoint.TryParse(text, out IPEndPoint? endPoint) && (text.StartsWith('[') || !text.Contains("::", StringComparison.Ordinal)))
        {
            return endPoint.Port == 0 && !text.EndsWith(":0", StringComparison.Ordinal) ? new IPEndPoint(endPoint.Address, 5060) : endPoint;
        }

        int colon = text.LastIndexOf(':');
        string host = colon < 0 ? text : text[..colon];
        int port = 5060;
        if (colon >= 0 && !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
        {
            throw new FormatException("expected ADDRESS[:PORT] such as 127.0.0.1:5060, [::1]:5060 or localhost:5060, got '" + text + "'");
        }

        if (host.Length == 0 || host.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-')))
        {
            throw new FormatException("expected ADDRESS[:PORT] such as 127.0.0.1:5060, [::1]:5060 or localhost:5060, got '" + text + "'");
        }

        try
        {
            IPAddress[] addresses = Dns.GetHostAddresses(host);
            IPAddress? chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            return chosen is null ? throw new FormatException("'" + host + "' has no address") : new IPEndPoint(chosen, port);
        }
        catch (SocketException e)
        {
            throw new FormatException("cannot resolve '" + host + "': " + e.Message);
        }
    }
}
