using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using ExecToolkit.Sip;

namespace ExecToolkit.Tests.Templates;

/// <summary>
/// The request and the /bin/sh runner the shell tests share, and the proof that the check of
/// <see cref="Shells.EveryShellSafetyTests"/> catches an injection when values are pasted verbatim.
/// </summary>
public class ShellSafePropertyTests
{
    [Fact]
    public void The_same_check_catches_verbatim_injection()
    {
        var context = MinimalRequest();
        context.Vars["v"] = "a b'; printf '%s\\0' injected; '";
        string verbatim = CommandTemplate.Parse("set -- '$var(v)'; printf '%s\\0' \"$$#\" \"$$@\"").Expand(context, ExpansionMode.Verbatim);
        var results = RunShell(verbatim + "\n");
        Assert.Contains("injected", results);
        Assert.NotEqual("1", results[0]);
    }

    internal static RequestContext MinimalRequest()
        => RequestContext.Parse(Encoding.ASCII.GetBytes("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:c@d>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"));

    internal static List<string> RunShell(string script)
    {
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = new MemoryStream();
        var reader = p.StandardOutput.BaseStream.CopyToAsync(stdout);
        p.StandardInput.BaseStream.Write(SipText.Encode(script));
        p.StandardInput.Close();
        reader.Wait();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "sh failed: " + stderr.Result);
        string text = SipText.Decode(stdout.ToArray());
        var parts = text.Split('\0').ToList();
        Assert.Equal("", parts[^1]);
        parts.RemoveAt(parts.Count - 1);
        return parts;
    }
}
