using System;
using System.IO;

namespace ExecToolkit.E2E.Tests;

/// <summary>
/// The scenarios catch a wrong answer: run against a server whose directory and expiry script are deliberately wrong,
/// every scenario that checks an answer from them fails (sipp exits non-zero).
/// </summary>
public sealed class WrongAnswerTests : IDisposable
{
    private readonly string scripts = Path.Combine(Path.GetTempPath(), "exec-e2e-wrong-" + Guid.NewGuid().ToString("N"));
    private readonly SampleServerFixture server;

    public WrongAnswerTests()
    {
        Directory.CreateDirectory(scripts);
        string bundled = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples", "ExecToolkit.SampleServer", "scripts"));
        foreach (string file in Directory.GetFiles(bundled))
        {
            File.Copy(file, Path.Combine(scripts, Path.GetFileName(file)));
        }

        // alice's contacts in the other order, bob with one more, carol with one fewer, and the unknown users known;
        // the expiry script grants whatever is asked.
        File.WriteAllText(Path.Combine(scripts, "directory.txt"),
            "alice sip:alice@198.51.100.7:5062;transport=tcp sip:alice@192.0.2.10:5060\n" +
            "bob sip:bob@192.0.2.20:5060 sip:bob@192.0.2.21\n" +
            "carol sip:carol@192.0.2.30 sip:carol-mobile@203.0.113.5\n" +
            "nobody-1 sip:x@192.0.2.1\nnobody-2 sip:x@192.0.2.1\n");
        File.WriteAllText(Path.Combine(scripts, "expires.sh"), "#!/bin/sh\necho \"$1\"\n");
        server = new SampleServerFixture(["--scripts", scripts], null);
    }

    public void Dispose()
    {
        server.Dispose();
        Directory.Delete(scripts, recursive: true);
    }

    [Theory]
    [InlineData("invite-302-alice.xml")]
    [InlineData("invite-302-bob.xml")]
    [InlineData("invite-302-carol.xml")]
    [InlineData("invite-404.xml")]
    [InlineData("register-200.xml")]
    public void A_scenario_fails_when_the_answer_is_wrong(string scenario)
    {
        var (code, output, _) = SippTests.Run(server, scenario, "-m", "2", "-l", "1");
        Assert.True(code != 0, scenario + " passed against a wrong server:\n" + output);
        Assert.Contains("Failed call", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_load_scenario_fails_when_the_answer_is_wrong()
    {
        var (code, output, _) = SippTests.Run(server, "invite-302.xml", "-inf", Path.Combine(server.Root, "tests", "e2e", "scenarios", "users.csv"), "-m", "3", "-l", "1");
        Assert.True(code != 0, "invite-302.xml passed against a wrong server:\n" + output);
    }

    // A server that answers every request with the same wrong status: each scenario that expects a status fails.
    [Theory]
    [InlineData("invite-400.xml")]
    [InlineData("cancel-481.xml")]
    [InlineData("options-200.xml")]
    [InlineData("message-200.xml")]
    [InlineData("register-200.xml")]
    [InlineData("invite-404.xml")]
    public async System.Threading.Tasks.Task A_scenario_fails_when_the_status_is_wrong(string scenario)
    {
        using var liar = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        int port = ((System.Net.IPEndPoint)liar.Client.LocalEndPoint!).Port;
        using var stop = new System.Threading.CancellationTokenSource();
        System.Threading.Tasks.Task answering = System.Threading.Tasks.Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var r = await liar.ReceiveAsync(stop.Token);
                    var request = ExecToolkit.Sip.SipRequest.Parse(r.Buffer, ExecToolkit.Sip.SipParseMode.Lenient);
                    if (request.Method != "ACK")
                    {
                        var text = new System.Text.StringBuilder("SIP/2.0 299 Wrong\r\n");
                        foreach (var via in request.GetHeaders(ExecToolkit.Sip.HeaderType.Via))
                        {
                            text.Append("Via: ").Append(via.Value).Append("\r\n");
                        }

                        text.Append("From: ").Append(request.GetHeader(ExecToolkit.Sip.HeaderType.From)?.Value).Append("\r\n")
                            .Append("To: ").Append(request.GetHeader(ExecToolkit.Sip.HeaderType.To)?.Value).Append(";tag=liar\r\n")
                            .Append("Call-ID: ").Append(request.CallId).Append("\r\n")
                            .Append("CSeq: ").Append(request.GetHeader(ExecToolkit.Sip.HeaderType.CSeq)?.Value).Append("\r\nContent-Length: 0\r\n\r\n");
                        byte[] reply = System.Text.Encoding.UTF8.GetBytes(text.ToString());
                        await liar.SendAsync(reply, r.RemoteEndPoint, stop.Token);
                    }
                }
            }
            catch (System.OperationCanceledException)
            {
            }
        });

        var (code, output, _) = SippTests.Run(server.Root, port, scenario, "-m", "1", "-l", "1", "-recv_timeout", "5s");
        stop.Cancel();
        await answering;
        Assert.True(code != 0, scenario + " passed against a server answering 299 to everything:\n" + output);
    }
}
