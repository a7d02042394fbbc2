using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace ExecToolkit.E2E.Tests;

/// <summary>
/// The sample's lookup and expiry scripts do what their comments say for any input, under every shell a user may have
/// as /bin/sh (scripts/test.sh installs them; a shell that is missing fails the test rather than being skipped).
/// </summary>
public sealed class ScriptTests
{
    private static readonly string Scripts = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples", "ExecToolkit.SampleServer", "scripts"));

    public static TheoryData<string> Shells() => new("/bin/sh", "bash", "busybox sh", "mksh", "ksh93", "zsh", "yash", "posh");

    private static (int Exit, string Output) Run(string shell, string script, params string[] arguments)
    {
        string[] words = shell.Split(' ');
        var psi = new ProcessStartInfo(words[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string word in words.Skip(1).Append(Path.Combine(Scripts, script)).Concat(arguments))
        {
            psi.ArgumentList.Add(word);
        }

        using Process p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(error.Length == 0, shell + " " + script + " wrote to stderr: " + error);
        return (p.ExitCode, output);
    }

    private static readonly string[] Strangers =
    [
        "#", "# user", "user", "", " ", "alice ", " alice", "ALICE", "alic\\145", "alic\\x65", "alic\\u0065", "al*", ".*", "a.ice",
        "alice|bob", "^alice$", "$1", "$(echo alice)", "`echo alice`", "alice;bob", "alice\tx", "sip:alice@192.0.2.10:5060",
        "contacts", "(one", "\\", "'", "\"", "é", new string('a', 5000),
    ];

    [Theory]
    [MemberData(nameof(Shells))]
    public void Lookup_finds_exactly_the_directory_users_and_nobody_else(string shell)
    {
        string directory = Path.Combine(Scripts, "directory.txt");
        Assert.Equal((0, "sip:alice@192.0.2.10:5060\nsip:alice@198.51.100.7:5062;transport=tcp\n"), Run(shell, "lookup.sh", directory, "alice", "sip:alice@x"));
        Assert.Equal((0, "sip:bob@192.0.2.20:5060\n"), Run(shell, "lookup.sh", directory, "bob"));
        Assert.Equal((0, "sip:carol@192.0.2.30\nsip:carol-mobile@203.0.113.5\nsip:voicemail@192.0.2.99\n"), Run(shell, "lookup.sh", directory, "carol"));
        foreach (string user in Strangers)
        {
            Assert.True(Run(shell, "lookup.sh", directory, user) == (1, ""), shell + ": '" + user + "' was found");
        }
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public void Expires_is_bounded_for_any_input(string shell)
    {
        var cases = new Dictionary<string, string>
        {
            ["3600"] = "3600", ["120"] = "120", ["60"] = "60", ["59"] = "60", ["1"] = "60", ["0"] = "0", ["000"] = "0", ["007"] = "60",
            ["0120"] = "120", ["3601"] = "3600", ["9999"] = "3600", ["10000"] = "3600", ["99999999999999999999"] = "3600",
            ["000000000000000000000000060"] = "60", ["18446744073709551617"] = "3600", ["-5"] = "3600", ["+5"] = "3600", ["1e3"] = "3600",
            ["abc"] = "3600", [""] = "3600", [" 120"] = "3600", ["12 0"] = "3600", ["0x10"] = "3600", ["$((1+1))"] = "3600", ["١٢٠"] = "3600",
        };
        foreach (var (requested, granted) in cases)
        {
            Assert.True(Run(shell, "expires.sh", requested) == (0, granted + "\n"), shell + ": '" + requested + "' did not give " + granted);
        }
    }
}
