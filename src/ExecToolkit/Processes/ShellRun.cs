using System;

namespace ExecToolkit.Processes;

/// <summary>What happens to the command's standard output.</summary>
internal enum OutputMode
{
    /// <summary>Connected to <c>/dev/null</c>.</summary>
    Null,

    /// <summary>Read by ExecToolkit.</summary>
    Capture,

    /// <summary>The server's own descriptor.</summary>
    Inherit,
}

/// <summary>One shell command to run: <c>sh -c &lt;command&gt;</c> in its own process group.</summary>
internal sealed record ShellRun
{
    public required string Shell { get; init; }

    public required byte[] Command { get; init; }

    /// <summary>Without a shell: the argument vector (argv[0] as written), started as <see cref="Program"/>; null runs <c>Shell -c Command</c>.</summary>
    public byte[][]? Arguments { get; init; }

    /// <summary>The resolved path of the program when <see cref="Arguments"/> is set.</summary>
    public string? Program { get; init; }

    /// <summary>Complete <c>NAME=value</c> entries of the child's environment, or null to inherit the server's.</summary>
    public InheritedEnvironment? Environment { get; init; }

    /// <summary>Entries appended after <see cref="Environment"/> (the <c>SIP_*</c> variables); read during the start only.</summary>
    public EnvironmentBlock? Variables { get; init; }

    /// <summary>Bytes written to stdin, which is then closed; null connects stdin to <c>/dev/null</c>.</summary>
    public ReadOnlyMemory<byte>? Stdin { get; init; }

    public OutputMode Stdout { get; init; } = OutputMode.Null;

    public OutputMode Stderr { get; init; } = OutputMode.Inherit;

    /// <summary>Receives each output line (Kamailio's line rules); returns false to stop reading.</summary>
    public Func<string, bool>? OnLine { get; init; }

    /// <summary>Zero: no limit.</summary>
    public TimeSpan TimeToKill { get; init; }

    public TimeSpan KillGrace { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long to keep reading after the shell exited while a descendant still holds stdout open.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromMilliseconds(200);

    public long MaxOutputBytes { get; init; } = long.MaxValue;

    public int MaxOutputLines { get; init; } = int.MaxValue;

    public int MaxStderrBytes { get; init; } = 64 * 1024;

    /// <summary>posix_spawn even where the native start is available (tests compare the two).</summary>
    public bool PosixSpawnOnly { get; init; }
}

/// <summary>What happened to one shell command.</summary>
internal sealed class ShellOutcome
{
    public int ProcessId { get; init; }

    public int? ExitCode { get; init; }

    public int? Signal { get; init; }

    public bool TimedOut { get; init; }

    public bool Canceled { get; init; }

    /// <summary>The output cap was reached; reading stopped there.</summary>
    public bool Truncated { get; init; }

    /// <summary>The line sink asked to stop (for example the branch limit); reading stopped there.</summary>
    public bool StoppedByReader { get; init; }

    /// <summary>The shell exited but a descendant kept stdout open past the drain time; ExecToolkit stopped waiting.</summary>
    public bool OutputAbandoned { get; init; }

    /// <summary>Every stdin byte was written.</summary>
    public bool StdinComplete { get; init; }

    public TimeSpan Duration { get; init; }

    public long OutputBytes { get; init; }

    public int Lines { get; init; }

    public string? Stderr { get; init; }

    public bool StderrTruncated { get; init; }

    public bool Succeeded => ExitCode == 0 && !TimedOut && !Canceled;
}

/// <summary>posix_spawn could not start the program of a shell-free run: ENOENT, EACCES or ENOEXEC (a file without <c>#!</c>).</summary>
internal sealed class ProgramNotRunException(int error) : Exception("posix_spawn: " + error)
{
    public int Error { get; } = error;
}
