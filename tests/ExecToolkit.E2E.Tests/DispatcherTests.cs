using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace ExecToolkit.E2E.Tests;

/// <summary>
/// Scale-out as the docs describe it: two sample instances behind Kamailio's dispatcher module
/// (samples/ExecToolkit.SampleServer/deploy/kamailio-dispatcher.cfg, unchanged but for -A defines), sipp calling through
/// Kamailio, one instance stopped mid-run: no call fails, and both instances took calls.
/// </summary>
public sealed partial class DispatcherTests
{
    private static string Root => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));

    private static string Kamailio => File.Exists("/usr/sbin/kamailio") ? "/usr/sbin/kamailio" : "kamailio";

    private static string ModulesDirectory() =>
        new[] { "/usr/lib/x86_64-linux-gnu/kamailio/modules", "/usr/lib/aarch64-linux-gnu/kamailio/modules", "/usr/lib64/kamailio/modules", "/usr/lib/kamailio/modules", "/usr/local/lib64/kamailio/modules" }
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "dispatcher.so")))
        ?? throw new InvalidOperationException("Kamailio's dispatcher.so was not found; install the kamailio package (scripts/test.sh does)");

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    [GeneratedRegex(@"stopped after (\d+) messages")]
    private static partial Regex Stopped();

    [Fact]
    public async Task Calls_through_the_dispatcher_spread_over_the_instances_and_none_fails_when_one_stops()
    {
        string work = Path.Combine(Path.GetTempPath(), "exec-dispatcher-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        using var first = new SampleServerFixture(["--transport", "udp"], null);
        using var second = new SampleServerFixture(["--transport", "udp"], null);
        string list = Path.Combine(work, "dispatcher.list");
        File.WriteAllText(list, $"1 sip:127.0.0.1:{first.Port}\n1 sip:127.0.0.1:{second.Port}\n");
        int port = FreeUdpPort();
        var psi = new ProcessStartInfo(Kamailio) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = work };
        foreach (string a in new[] { "-f", Path.Combine(Root, "samples", "ExecToolkit.SampleServer", "deploy", "kamailio-dispatcher.cfg"), "-L", ModulesDirectory(),
            "-A", "LISTEN=udp:127.0.0.1:" + port, "-A", "DS_LIST=\"" + list + "\"", "-P", Path.Combine(work, "kamailio.pid"), "-w", work, "-DD", "-E" })
        {
            psi.ArgumentList.Add(a);
        }

        using Process kamailio = Process.Start(psi)!;
        var kamailioLog = new StringBuilder();
        kamailio.ErrorDataReceived += (_, e) => { lock (kamailioLog) { kamailioLog.AppendLine(e.Data); } };
        kamailio.OutputDataReceived += (_, e) => { lock (kamailioLog) { kamailioLog.AppendLine(e.Data); } };
        kamailio.BeginErrorReadLine();
        kamailio.BeginOutputReadLine();
        try
        {
            // Ready when an OPTIONS through Kamailio comes back 200 from an instance.
            Assert.True(await ThroughKamailioAsync(port), "Kamailio did not relay to the instances:\n" + kamailioLog);

            string scenarios = Path.Combine(Root, "tests", "e2e", "scenarios");
            var sippInfo = new ProcessStartInfo("sipp") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work };
            foreach (string a in new[] { "-sf", Path.Combine(scenarios, "invite-302.xml"), "-inf", Path.Combine(scenarios, "users.csv"), "-i", "127.0.0.1",
                "-r", "100", "-m", "1200", "-l", "300", "-nostdin", "-timeout", "90s", "-timeout_error", "127.0.0.1:" + port })
            {
                sippInfo.ArgumentList.Add(a);
            }

            using Process sipp = Process.Start(sippInfo)!;
            Task<string> sippOutput = Task.Run(() => sipp.StandardOutput.ReadToEnd() + sipp.StandardError.ReadToEnd());

            // A third of the way through, the first instance goes away (SIGTERM, as systemctl stop does).
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.Equal(0, first.Stop(TimeSpan.FromSeconds(15)));
            Assert.True(sipp.WaitForExit(TimeSpan.FromSeconds(120)), "sipp did not finish");
            string output = await sippOutput;

            Assert.True(sipp.ExitCode == 0, "calls failed:\n" + output + "\nkamailio:\n" + kamailioLog);
            Assert.Matches(@"Successful call\s+\|\s+\d+\s+\|\s+1200\s", output);
            Assert.Matches(@"Failed call\s+\|\s+\d+\s+\|\s+0\s", output);

            Assert.Equal(0, second.Stop(TimeSpan.FromSeconds(15)));
            int byFirst = int.Parse(Stopped().Match(first.Log).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            int bySecond = int.Parse(Stopped().Match(second.Log).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            // Round robin until the stop (about 400 INVITEs and their ACKs each), then the second alone; probes on top.
            Assert.InRange(byFirst, 300, 2000);
            Assert.InRange(bySecond, 1200, 4000);
        }
        finally
        {
            if (!kamailio.HasExited)
            {
                kamailio.Kill(entireProcessTree: true);
                kamailio.WaitForExit();
            }

            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<bool> ThroughKamailioAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int local = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var buffer = new byte[65535];
        for (int attempt = 0; attempt < 40; attempt++)
        {
            string options = "OPTIONS sip:ping@127.0.0.1:" + port + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + local + ";branch=z9hG4bK-ready" + attempt +
                "\r\nFrom: <sip:t@127.0.0.1>;tag=r\r\nTo: <sip:ping@127.0.0.1>\r\nCall-ID: ready-" + attempt + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
            socket.SendTo(Encoding.ASCII.GetBytes(options), new IPEndPoint(IPAddress.Loopback, port));
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                int n = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token);
                if (Encoding.ASCII.GetString(buffer, 0, n).StartsWith("SIP/2.0 200 ", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        return false;
    }
}
