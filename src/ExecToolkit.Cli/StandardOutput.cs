using System;
using System.Runtime.InteropServices;

namespace ExecToolkit.Cli;

/// <summary>
/// Points file descriptor 1 at standard error for a while: <c>exec_msg</c> lets the command write to the process's
/// standard output, as Kamailio does, and with <c>--json</c> that output must not come before the JSON document.
/// </summary>
internal static partial class StandardOutput
{
    /// <summary>Sends what is written to descriptor 1 to descriptor 2 until the result is disposed.</summary>
    public static IDisposable ToStandardError()
    {
        Console.Out.Flush();
        int saved = Dup(1);
        if (saved < 0 || Dup2(2, 1) < 0)
        {
            throw new InvalidOperationException("cannot redirect standard output (errno " + Marshal.GetLastPInvokeError() + ")");
        }

        return new Restore(saved);
    }

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int from, int to);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    private sealed class Restore(int saved) : IDisposable
    {
        private int _saved = saved;

        public void Dispose()
        {
            if (_saved >= 0)
            {
                Dup2(_saved, 1);
                Close(_saved);
                _saved = -1;
            }
        }
    }
}
