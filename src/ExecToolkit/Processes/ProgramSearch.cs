using System;
using System.IO;

namespace ExecToolkit.Processes;

/// <summary>Finds the program of a shell-free command as a POSIX shell does (dash's command search).</summary>
internal static class ProgramSearch
{
    /// <summary>dash's path when PATH is not set.</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>
    /// The file to execute for <paramref name="name"/>: itself when it holds a '/', else the first PATH entry holding an
    /// executable regular file of that name (an empty entry is the current folder). Null when none: the shell's status is
    /// then 126 when a file of that name was found but cannot be executed, 127 when none was.
    /// </summary>
    public static string? Find(string name, string? path, out int status)
    {
        status = 0;
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return name;
        }

        bool denied = false;
        foreach (string entry in (path ?? DefaultPath).Split(':'))
        {
            string candidate = (entry.Length == 0 ? "." : entry) + "/" + name;
            if (!File.Exists(candidate))
            {
                continue;
            }

            if ((File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }

            denied = true;
        }

        status = denied ? 126 : 127;
        return null;
    }

    /// <summary>The value of <paramref name="name"/> in an environment of <c>NAME=value</c> entries, or null.</summary>
    public static string? Lookup(byte[][] environment, string name)
    {
        string? value = null;
        foreach (byte[] entry in environment)
        {
            if (EnvironmentBlock.ValueOf(entry, name, out ReadOnlySpan<byte> found))
            {
                value = Sip.SipText.Decode(found); // the last one wins, as in the shells
            }
        }

        return value;
    }
}
