using System;
using System.Collections.Generic;
using System.Threading;
using ExecToolkit.Processes;
using System.IO;
using System.Linq;
using ExecToolkit.Sip;

namespace ExecToolkit.Tests.Templates.Shells;

/// <summary>
/// A shell a user may have as <c>/bin/sh</c> or run with <c>-c</c>: its program and the arguments before <c>-c</c>.
/// The list is every shell issue 13 names; <c>scripts/test.sh</c> installs the Debian packages that provide them.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed record ShellUnderTest(string Name, string Program, string[] Arguments, string Package)
{
    /// <summary>dash, bash (normal and --posix), busybox ash, mksh, ksh93, zsh in sh emulation, yash (normal and POSIX), posh.</summary>
    public static readonly ShellUnderTest[] All =
    {
        new("dash", "dash", Array.Empty<string>(), "dash"),
        new("bash", "bash", Array.Empty<string>(), "bash"),
        new("bash --posix", "bash", new[] { "--posix" }, "bash"),
        new("busybox ash", "busybox", new[] { "sh" }, "busybox"),
        new("mksh", "mksh", Array.Empty<string>(), "mksh"),
        new("ksh93", "ksh93", Array.Empty<string>(), "ksh"),
        new("zsh (sh emulation)", "zsh", new[] { "--emulate", "sh" }, "zsh"),
        new("yash", "yash", Array.Empty<string>(), "yash"),
        new("yash --posix", "yash", new[] { "--posix" }, "yash"),
        new("posh", "posh", Array.Empty<string>(), "posh"),
    };

    /// <summary>The locale the shells run in: UTF-8, where the shells that read multibyte characters do so.</summary>
    public const string Locale = "C.UTF-8";

    /// <summary>True for a shell that reads its input as characters of the locale and refuses to run bytes that are not.</summary>
    public bool RefusesInvalidText => Program == "yash";

    public string? ResolvedPath => Resolve(Program);

    public override string ToString() => Name;

    public static string? Resolve(string program)
    {
        foreach (string dir in (System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            string path = Path.Combine(dir.Length == 0 ? "." : dir, program);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    public static ShellUnderTest Named(string name) => All.Single(s => s.Name == name);

    /// <summary>
    /// Runs <c>shell [args] -c script</c> through the runtime's own spawner (the script's bytes exactly as
    /// <see cref="SipText.Encode(string)"/> makes them, as an exec call passes a command); stdout goes to a file so its
    /// bytes come back unchanged. Returns stdout bytes, stderr and the exit code.
    /// </summary>
    public ShellResult Run(string script)
    {
        string wrapper = Wrapper();
        string output = Path.Combine(WorkDirectory, Guid.NewGuid().ToString("N") + ".out");
        try
        {
            var run = new ShellRun
            {
                Shell = wrapper,
                Command = SipText.Encode("exec >'" + output + "'\n" + script),
                Environment = new InheritedEnvironment(
                [
                    Bytes("PATH=" + (System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")),
                    Bytes("LC_ALL=" + Locale),
                    Bytes("HOME=" + WorkDirectory),
                ]),
                Stdout = OutputMode.Null,
                Stderr = OutputMode.Capture,
                TimeToKill = TimeSpan.FromSeconds(20),
                MaxStderrBytes = 4096,
            };
            ShellOutcome outcome = ShellRunner.Run(run, CancellationToken.None);
            if (outcome.TimedOut)
            {
                return new ShellResult(Array.Empty<byte>(), "did not finish in 20 s (killed)", -1);
            }

            byte[] bytes = File.Exists(output) ? File.ReadAllBytes(output) : Array.Empty<byte>();
            return new ShellResult(bytes, outcome.Stderr ?? "", outcome.ExitCode ?? -1);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>HOME of the shells run here.</summary>
    public static string Home => WorkDirectory;

    private static readonly string WorkDirectory = Directory.CreateTempSubdirectory("exectoolkit-shells-").FullName;

    private static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    // A two-line script that execs the shell with its arguments: the spawner runs "<path> -c <command>", and a wrapper
    // passes argv bytes through unchanged.
    private string Wrapper()
    {
        string path = ResolvedPath ?? throw new InvalidOperationException(
            $"{Name} is not installed: apt-get install {Package} (scripts/test.sh installs every shell the tests run)");
        string file = Path.Combine(WorkDirectory, Name.Replace(' ', '_').Replace('(', '_').Replace(')', '_') + ".sh");
        if (!File.Exists(file))
        {
            string arguments = string.Concat(Arguments.Select(a => " '" + a + "'"));
            // Batches run in parallel: each writer has its own temporary file, and the last rename wins (the same text).
            // Written by a child process: never open for writing here, so no concurrent fork makes it "Text file busy".
            string temporary = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
            ExecToolkit.Tests.Testing.ExecutableFile.Write(temporary, "#!/bin/sh\nexec '" + path + "'" + arguments + " \"$@\"\n");
            File.Move(temporary, file, overwrite: true);
        }

        return file;
    }
}

public sealed record ShellResult(byte[] Output, string Error, int ExitCode)
{
    /// <summary>The NUL-terminated fields of the output, decoded as the runtime decodes shell output; null when the last one is unterminated.</summary>
    public List<string>? Fields()
    {
        string text = SipText.Decode(Output);
        var parts = text.Split('\0').ToList();
        if (parts[^1].Length != 0)
        {
            return null;
        }

        parts.RemoveAt(parts.Count - 1);
        return parts;
    }
}
