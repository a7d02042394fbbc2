using System.Diagnostics;
using System.IO;

namespace ExecToolkit.Tests.Testing;

/// <summary>
/// Writes a file the tests then execute. Written from this process, the file is open for writing for a moment, and a
/// child forked by another test in that moment holds the descriptor until it execs: executing the file then fails with
/// ETXTBSY ("Text file busy"), now and then. Written by a short-lived child process instead, no descriptor of it is
/// ever open in this process.
/// </summary>
internal static class ExecutableFile
{
    public static void Write(string path, string text, bool executable = true)
    {
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, UseShellExecute = false };
        foreach (string argument in new[] { "-c", "cat > \"$1\" && chmod " + (executable ? "700" : "600") + " \"$1\"", "sh", path })
        {
            psi.ArgumentList.Add(argument);
        }

        using Process writer = Process.Start(psi)!;
        writer.StandardInput.Write(text);
        writer.StandardInput.Close();
        writer.WaitForExit();
        Assert.True(writer.ExitCode == 0, "could not write " + path);
    }
}
