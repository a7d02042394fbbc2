using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using ExecToolkit.Sip;

namespace ExecToolkit.E2E.Tests;

/// <summary>The sample server driven by sipp (the sip-tester package) on 127.0.0.1, as a SIP client would.</summary>
[CollectionDefinition("sample server", DisableParallelization = true)]
public sealed class SampleServerCollection : ICollectionFixture<SampleServerFixture>
{
}

[Collection("sample server")]
public sealed class SippTests(SampleServerFixture server)
{
    private string Scenarios => Path.Combine(server.Root, "tests", "e2e", "scenarios");

    private (int ExitCode, string Output, string Directory) Sipp(string scenario, params string[] extra) => Run(server, scenario, extra);

    internal static (int ExitCode, string Output, string Directory) Run(SampleServerFixture server, string scenario, params string[] extra)
        => Run(server.Root, server.Port, scenario, extra);

    internal static (int ExitCode, string Output, string Directory) Run(string root, int port, string scenario, params string[] extra)
    {
        string work = Path.Combine(Path.GetTempPath(), "sipp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var psi = new ProcessStartInfo("sipp")
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string scenarios = Path.Combine(root, "tests", "e2e", "scenarios");
        foreach (string a in new[] { "-sf", Path.Combine(scenarios, scenario), "-i", "127.0.0.1" }.Concat(extra).Concat(["-nostdin", "-timeout", "60s", "-timeout_error", "127.0.0.1:" + port]))
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, work);
    }

    public static TheoryData<string, string> Answers()
    {
        var data = new TheoryData<string, string>();
        foreach (string transport in new[] { "u1", "t1" })
        {
            foreach (string scenario in new[] { "invite-302-alice.xml", "invite-302-bob.xml", "invite-302-carol.xml", "invite-404.xml", "invite-400.xml", "cancel-481.xml", "register-200.xml", "options-200.xml", "message-200.xml" })
            {
                data.Add(scenario, transport);
            }
        }

        return data;
    }

    // Each scenario checks the answer itself (status, and for 302 and REGISTER the exact headers); WrongAnswerTests
    // runs them against a server with a wrong directory and a wrong expiry script, where they must fail.
    [Theory]
    [MemberData(nameof(Answers))]
    public void Each_request_gets_the_right_answer_over_udp_and_tcp(string scenario, string transport)
    {
        var (code, output, _) = Sipp(scenario, "-t", transport, "-m", "2", "-l", "1");
        Assert.True(code == 0, "sipp failed:\n" + output + "\nserver:\n" + server.Log);
    }

    [Fact]
    public void Invites_to_every_user_in_turn_get_one_of_the_directory_answers()
    {
        var (code, output, _) = Sipp("invite-302.xml", "-inf", Path.Combine(Scenarios, "users.csv"), "-m", "3", "-l", "1");
        Assert.True(code == 0, "sipp failed:\n" + output + "\nserver:\n" + server.Log);
    }

    [Fact]
    public void Message_gets_200_and_the_archive_holds_its_exact_bytes()
    {
        var (code, output, work) = Sipp("message-200.xml", "-m", "1", "-trace_msg");
        Assert.True(code == 0, "sipp failed:\n" + output);

        // sipp's message log: "UDP message sent (N bytes):", an empty line, then the N bytes of the datagram.
        string trace = File.ReadAllText(Directory.GetFiles(work, "*_messages.log").Single(), Encoding.Latin1);
        Match sent = Regex.Match(trace, @"UDP message sent \((\d+) bytes\):\r?\n\r?\n");
        Assert.True(sent.Success, trace);
        int length = int.Parse(sent.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        byte[] datagram = Encoding.Latin1.GetBytes(trace.Substring(sent.Index + sent.Length, length));

        string[] archived = Directory.GetFiles(server.Archive);
        // Other tests archive messages too: one of the files holds exactly this datagram.
        byte[] stored = archived.Select(File.ReadAllBytes).Single(b => b.AsSpan().SequenceEqual(datagram));
        Assert.Equal("MESSAGE", SipRequest.Parse(stored).Method);
    }

    [Fact]
    public void A_burst_of_2000_invites_at_200_per_second_fails_none_and_leaks_nothing()
    {
        var (warmCode, _, _) = Sipp("invite-302.xml", "-inf", Path.Combine(Scenarios, "users.csv"), "-m", "20", "-r", "20");
        Assert.Equal(0, warmCode);
        int descriptors = server.OpenDescriptors();

        var (code, output, _) = Sipp("invite-302.xml", "-inf", Path.Combine(Scenarios, "users.csv"), "-m", "2000", "-r", "200", "-l", "400");

        Assert.True(code == 0, "sipp failed:\n" + output);
        Assert.Equal(0, server.Children());
        Assert.InRange(server.OpenDescriptors(), 0, descriptors + 8);
    }
}

/// <summary>Runs after the sipp tests: graceful shutdown on SIGTERM.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public void Sigterm_stops_the_server_cleanly()
    {
        using var server = new SampleServerFixture();
        Assert.Equal(0, server.Stop(TimeSpan.FromSeconds(10)));
        Assert.Contains("stopped after", server.Log, StringComparison.Ordinal);
    }
}
