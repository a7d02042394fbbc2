using System.Diagnostics;
using ExecToolkit.Sip;

namespace ExecToolkit.Tests.Oracle;

/// <summary>Runs a command with /bin/sh -c and returns its stdout (test helper).</summary>
internal static class Shell
{
    public static string Run(string command)
    {
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        using var p = Process.Start(psi)!;
        using var buffer = new System.IO.MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(buffer);
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "sh exited with " + p.ExitCode + " for: " + command);
        return SipText.Decode(buffer.ToArray());
    }
}
