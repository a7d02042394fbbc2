using System;
using System.Runtime.InteropServices;

namespace ExecToolkit.Processes;

/// <summary>
/// ExecToolkit's own process start (<c>Native/exectoolkit_spawn.c</c>, built with the package where a C compiler is
/// found): the same child as <c>posix_spawn</c> with ShellRunner's attributes and file actions, started with
/// <c>clone(CLONE_VM | CLONE_VFORK | CLONE_PIDFD)</c> on a stack in the caller's frame, so a start maps and unmaps no
/// stack and needs no <c>pidfd_open</c>. Where the library is missing (no C compiler at build time), cannot load (another
/// C library, another architecture) or is switched off (<c>ExecToolkit.DisableNativeSpawn</c> in the runtime
/// configuration), <see cref="Available"/> is false and ShellRunner uses <c>posix_spawn</c>: the same results, about
/// 18 µs more per command (measured with tools/ExecToolkit.Paired, sequential exec_dset).
/// </summary>
internal static unsafe class NativeSpawn
{
    /// <summary>The library's file name, next to ExecToolkit.dll (or under runtimes/linux-*/native in the package).</summary>
    public const string LibraryName = "libexectoolkit_spawn.so";

    /// <summary>The runtime configuration switch that keeps posix_spawn.</summary>
    public const string DisableSwitch = "ExecToolkit.DisableNativeSpawn";

    private const int Version = 2;

    private static readonly delegate* unmanaged<byte*, byte**, byte**, int, int, int, ulong, int*, int*, int> Start = Load(out loadProblem);

    private static readonly string? loadProblem;

    private static delegate* unmanaged<ulong> signalsNotAtDefault;

    /// <summary>Whether ShellRunner starts commands with the library (unless a run asks for posix_spawn).</summary>
    public static bool Available => Start != null;

    /// <summary>Why the library is not used (null when it is loaded).</summary>
    public static string? Problem => loadProblem;

    /// <summary>
    /// The catchable signals whose disposition in this process is not the default now, handled or ignored (bit n-1 for
    /// signal n): what a child started with <see cref="Spawn"/> sets back to the default. 0 where the library is not
    /// available (posix_spawn then resets every signal itself).
    /// </summary>
    public static ulong SignalsNotAtDefault() => Start == null ? 0 : signalsNotAtDefault();

    /// <summary>
    /// Starts <paramref name="path"/> as posix_spawn would with ShellRunner's attributes, but for the signals: those in
    /// <paramref name="resetSignals"/> go back to their default (<see cref="SignalsNotAtDefault"/>). Returns 0 with the
    /// pid and a pidfd (-1 where the kernel gives none), or the errno value of what failed (nothing left running).
    /// </summary>
    public static int Spawn(byte* path, byte** argv, byte** envp, int stdinSource, int stdoutSource, int stderrSource, ulong resetSignals, out int pid, out int pidFd)
    {
        int childPid = -1;
        int childPidFd = -1;
        int error = Start(path, argv, envp, stdinSource, stdoutSource, stderrSource, resetSignals, &childPid, &childPidFd);
        pid = childPid;
        pidFd = childPidFd;
        return error;
    }

    private static delegate* unmanaged<byte*, byte**, byte**, int, int, int, ulong, int*, int*, int> Load(out string? problem)
    {
        if (AppContext.TryGetSwitch(DisableSwitch, out bool disabled) && disabled)
        {
            problem = DisableSwitch + " is set";
            return null;
        }

        if (!NativeLibrary.TryLoad(LibraryName, typeof(NativeSpawn).Assembly, DllImportSearchPath.AssemblyDirectory, out nint library))
        {
            problem = LibraryName + " was not found or does not load here";
            return null;
        }

        if (!NativeLibrary.TryGetExport(library, "exectoolkit_spawn_version", out nint version)
            || ((delegate* unmanaged<int>)version)() != Version
            || !NativeLibrary.TryGetExport(library, "exectoolkit_spawn", out nint start)
            || !NativeLibrary.TryGetExport(library, "exectoolkit_signals_not_at_default", out nint signals))
        {
            problem = LibraryName + " is not version " + Version.ToString(System.Globalization.CultureInfo.InvariantCulture) + " of the interface";
            return null;
        }

        problem = null;
        signalsNotAtDefault = (delegate* unmanaged<ulong>)signals;
        return (delegate* unmanaged<byte*, byte**, byte**, int, int, int, ulong, int*, int*, int>)start;
    }
}
