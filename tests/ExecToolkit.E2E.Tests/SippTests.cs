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

    private (int ExitCode, string Output, string Directory) Sipp(string scenario, params string[] extra)
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
        foreach (string a in new[] { "-sf", Path.Combine(Scenarios, scenario), "-i", "127.0.0.1" }.Concat(extra).Concat(["-nostdin", "-timeout", "60s", "-timeout_error", "127.0.0.1:" + server.Port]))
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, work);
    }

    [Fact]
    public void Invite_to_a_known_user_gets_302_with_the_directory_contacts()
    {
        var (code, output, _) = Sipp("invite-302.xml", "-inf", Path.Combine(Scenarios, "users.csv"), "-m", "3", "-l", "1");
        Assert.True(code == 0, "sipp failed:\n" + output + "\nserver:\n" + server.Log);
    }

    [Fact]
    public void Invite_to_an_unknown_user_gets_404()
    {
        var (code, output, _) = Sipp("invite-404.xml", "-m", "2", "-l", "1");
        Assert.True(code == 0, "sipp failed:\n" + output);
    }

    [Fact]
    public void Options_gets_200()
    {
        var (code, output, _) = Sipp("options-200.xml", "-m", "1");
        Assert.True(code == 0, "sipp failed:\n" + output);
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
        byte[] stored = archived.Select(File.ReadAllBytes).Single(b => b.AsSpan().IndexOf(Encoding.ASCII.GetBytes("hello from sipp")) >= 0);
        Assert.Equal(datagram, stored);
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
