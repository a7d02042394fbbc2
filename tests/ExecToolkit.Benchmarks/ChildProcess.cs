using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace ExecToolkit.Benchmarks;

/// <summary>
/// Runs a program and waits for it without <see cref="System.Diagnostics.Process"/>. The first
/// <c>Process.Start</c> installs .NET's SIGCHLD handler for the rest of the process's life, and from then on every
/// child's exit, SipExec's shells included, wakes .NET's signal thread and runs its child scan: 15-20 µs of CPU per
/// command on the 2-core machine, a cost of the harness rather than of what is measured. (An application that uses
/// Process pays it too; docs/exec.md says so.)
/// </summary>
internal static unsafe partial class ChildProcess
{
    [LibraryImport("libc", SetLastError = true)]
    private static partial int posix_spawnp(out int pid, byte* file, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int waitpid(int pid, out int status, int options);

    /// <summary>Runs <paramref name="file"/> (searched in PATH) with the arguments and this process's environment.</summary>
    /// <returns>The exit status, or 128 + the signal that ended it.</returns>
    public static int Run(string file, params string[] arguments)
    {
        var environment = new List<string>();
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            environment.Add(e.Key + "=" + e.Value);
        }

        var strings = new List<IntPtr>();
        byte** argv = (byte**)NativeMemory.Alloc((nuint)(arguments.Length + 2), (nuint)sizeof(byte*));
        byte** envp = (byte**)NativeMemory.Alloc((nuint)(environment.Count + 1), (nuint)sizeof(byte*));
        try
        {
            byte* Native(string text)
            {
                IntPtr p = Marshal.StringToCoTaskMemUTF8(text);
                strings.Add(p);
                return (byte*)p;
            }

            argv[0] = Native(file);
            for (int i = 0; i < arguments.Length; i++)
            {
                argv[i + 1] = Native(arguments[i]);
            }

            argv[arguments.Length + 1] = null;
            for (int i = 0; i < environment.Count; i++)
            {
                envp[i] = Native(environment[i]);
            }

            envp[environment.Count] = null;
            int error = posix_spawnp(out int pid, argv[0], null, null, argv, envp);
            if (error != 0)
            {
                throw new InvalidOperationException("cannot start " + file + ": " + Marshal.GetPInvokeErrorMessage(error));
            }

            int status;
            while (waitpid(pid, out status, 0) < 0)
            {
                if (Marshal.GetLastPInvokeError() != 4)
                {
                    throw new InvalidOperationException("waitpid failed: " + Marshal.GetLastPInvokeErrorMessage());
                }
            }

            return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
        }
        finally
        {
            foreach (IntPtr p in strings)
            {
                Marshal.FreeCoTaskMem(p);
            }

            NativeMemory.Free(argv);
            NativeMemory.Free(envp);
        }
    }
}
