using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace ExecToolkit.Processes;

/// <summary>
/// The posix_spawn file actions a thread used for its last command, kept for its next: what descriptors 0, 1 and 2 of
/// the child are made of (a descriptor to dup2, /dev/null to open, or the server's own), then every other descriptor
/// closed. Building them costs glibc a getrlimit call for each descriptor it checks and an allocation or two, while the
/// command waits to start; a thread that runs one command after another gets the same pipe descriptors back each time
/// (the lowest free numbers), so it builds them once and only again when a source changes.
/// </summary>
internal sealed unsafe class SpawnFileActions
{
    /// <summary>The child keeps the server's descriptor (no action).</summary>
    public const int Inherit = -1;

    /// <summary>The child opens /dev/null itself (the server could not keep it open).</summary>
    public const int ChildOpensNull = -2;

    [ThreadStatic]
    private static SpawnFileActions? current;

    // Without glibc 2.34's closefrom action (musl, older glibc), close-on-exec is all there is.
    private static bool closeFromMissing;

    private readonly byte* actions = (byte*)NativeMemory.AllocZeroed(Native.FileActionsSize);
    private bool built;
    private int stdinSource;
    private int stdoutSource;
    private int stderrSource;

    private SpawnFileActions()
    {
    }

    ~SpawnFileActions()
    {
        if (built)
        {
            _ = Native.posix_spawn_file_actions_destroy(actions);
        }

        NativeMemory.Free(actions);
    }

    /// <summary>
    /// The file actions for a child whose descriptors 0, 1 and 2 come from the given sources (a descriptor, or
    /// <see cref="Inherit"/> or <see cref="ChildOpensNull"/>): this thread's, valid until its next call.
    /// </summary>
    public static void* For(int stdinSource, int stdoutSource, int stderrSource)
    {
        SpawnFileActions mine = current ??= new SpawnFileActions();
        if (!mine.built || mine.stdinSource != stdinSource || mine.stdoutSource != stdoutSource || mine.stderrSource != stderrSource)
        {
            mine.Build(stdinSource, stdoutSource, stderrSource);
        }

        return mine.actions;
    }

    private void Build(int stdin, int stdout, int stderr)
    {
        if (built)
        {
            _ = Native.posix_spawn_file_actions_destroy(actions);
            built = false;
        }

        Native.ThrowIfError(Native.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        try
        {
            Add(0, stdin, Native.O_RDONLY);
            Add(1, stdout, Native.O_WRONLY);
            Add(2, stderr, Native.O_WRONLY);

            // Descriptors the server holds without close-on-exec (inherited from whatever started it: a supervisor's pipe,
            // a socket) would otherwise pass to every command and stay open as long as anything the command started runs.
            // The command gets 0, 1 and 2 only. Last, after the dup2s onto 0-2.
            CloseTheRest();
        }
        catch
        {
            _ = Native.posix_spawn_file_actions_destroy(actions);
            throw;
        }

        stdinSource = stdin;
        stdoutSource = stdout;
        stderrSource = stderr;
        built = true;
    }

    private void Add(int fd, int source, int flags)
    {
        if (source >= 0)
        {
            Native.ThrowIfError(Native.posix_spawn_file_actions_adddup2(actions, source, fd), "adddup2");
        }
        else if (source == ChildOpensNull)
        {
            fixed (byte* devNull = "/dev/null\0"u8)
            {
                Native.ThrowIfError(Native.posix_spawn_file_actions_addopen(actions, fd, devNull, flags, 0), "addopen");
            }
        }
    }

    private void CloseTheRest()
    {
        if (Volatile.Read(ref closeFromMissing))
        {
            return;
        }

        try
        {
            Native.ThrowIfError(Native.posix_spawn_file_actions_addclosefrom_np(actions, 3), "addclosefrom");
        }
        catch (EntryPointNotFoundException)
        {
            Volatile.Write(ref closeFromMissing, true);
        }
    }
}
